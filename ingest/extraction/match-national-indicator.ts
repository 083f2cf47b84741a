import { normaliseWords } from './document-lines.ts';

/** One entry of the national catalogue (subgraphs/national/reference-data/indicators.json). */
export interface CatalogueIndicator {
  id: string;
  name: string;
  perspective?: string;
}

export interface NationalMatch {
  id: string;
  /** False when the name and the numbering point to different national indicators, or the name matches weakly. */
  sure: boolean;
  reason: string;
}

/** Words that name the office or glue a phrase together, not the indicator. */
const NOISE = new Set([
  'yang',
  'di',
  'dan',
  'dengan',
  'oleh',
  'atas',
  'pada',
  'dalam',
  'kantor',
  'regional',
  'kanreg',
  'bkn',
  'wilayah',
  'kerja',
  'badan',
  'negara',
]);
const ROMAN = /^[ivx]+$/;
/** Spellings the documents use for the catalogue's words. */
const SPELLINGS: Record<string, string> = { presentase: 'persentase', pelayanan: 'layanan', digitas: 'digital' };
/** Calibrated on the seeds, where the right entry scores 0.67–1.00 and leads the next by 0.32 or more. */
const NAME_MATCH = { usable: 0.5, usableMargin: 0.1, sureOnItsOwn: 0.6, sureMargin: 0.2 };

/**
 * Maps a local indicator to its national id by two independent readings: its name against the catalogue's
 * names, and its numbering (IKU.n is IKU-n; otherwise the crosswalk order, the n-th row of a full table is
 * IKU-n). Agreement, or a strong name match where there is no numbering, is sure; a disagreement or a weak
 * name match is returned as unsure, with both readings.
 */
export function matchNationalIndicator(
  indicator: { code: string; name: string; position: number },
  tableSize: number,
  catalogue: CatalogueIndicator[],
): NationalMatch {
  const byNumber = idByNumbering(indicator.code, indicator.position, tableSize, catalogue);
  const scores = catalogue
    .map((entry) => ({ id: entry.id, score: similarity(indicator.name, entry.name) }))
    .sort((a, b) => b.score - a.score);
  const [best, second] = scores;
  const margin = best ? best.score - (second?.score ?? 0) : 0;
  const byName = best && best.score >= NAME_MATCH.usable && margin >= NAME_MATCH.usableMargin ? best.id : null;
  const nameAloneIsSure =
    best !== undefined && best.score >= NAME_MATCH.sureOnItsOwn && margin >= NAME_MATCH.sureMargin;
  const runnerUp = second ? `, next ${second.id} ${second.score.toFixed(2)}` : '';
  const nameMatch = best ? `${best.id} (similarity ${best.score.toFixed(2)}${runnerUp})` : 'nothing';
  const describe = `name matches ${nameMatch}; numbering gives ${byNumber ?? 'nothing'}`;
  if (byName && byNumber)
    return {
      id: byName,
      sure: byName === byNumber,
      reason: byName === byNumber ? describe : `${describe}; took the name match`,
    };
  if (byName) return { id: byName, sure: nameAloneIsSure, reason: `${describe}; took the name match` };
  if (byNumber) return { id: byNumber, sure: false, reason: `${describe}; the name match is weak, took the numbering` };
  return { id: best?.id ?? 'UNKNOWN', sure: false, reason: `${describe}; took the best name match, however weak` };
}

function idByNumbering(
  code: string,
  position: number,
  tableSize: number,
  catalogue: CatalogueIndicator[],
): string | null {
  const iku = /^IKU[.\s]*(\d{1,2})$/i.exec(code);
  const number = iku ? Number(iku[1]) : tableSize === catalogue.length ? position + 1 : null;
  if (number === null) return null;
  return catalogue.find((entry) => Number(/(\d+)$/.exec(entry.id)?.[1]) === number)?.id ?? null;
}

/** Dice coefficient over the indicator's meaningful words. */
export function similarity(a: string, b: string): number {
  const wordsA = meaningfulWords(a);
  const wordsB = meaningfulWords(b);
  if (wordsA.size === 0 || wordsB.size === 0) return 0;
  const shared = [...wordsA].filter((word) => wordsB.has(word)).length;
  return (2 * shared) / (wordsA.size + wordsB.size);
}

function meaningfulWords(text: string): Set<string> {
  const words = normaliseWords(text)
    .split(' ')
    .map((word) => SPELLINGS[word] ?? word)
    .filter((word) => word.length > 1 && !NOISE.has(word) && !ROMAN.test(word));
  return new Set(words);
}
