import type { PlanFile, Source } from '../../shared/plan-file/plan-file.types.ts';
import type { DocumentLine } from './document-lines.ts';

/**
 * Accounts for every part a plan document can hold: the draft has it (with the lines its figures stand on),
 * or it is "not found", with the lines that use the part's usual phrasings, which are where the extractor
 * looked and where a reader should look. No part is left out silently.
 */
export const PLAN_PARTS = [
  'totals',
  'spending split',
  'headcount',
  'movements',
  'goals',
  'indicator rows',
  'budget tree',
  'allocations',
  'revisions',
  'work area',
  'assets',
  'activity targets',
] as const;
export type PlanPart = (typeof PLAN_PARTS)[number];

export interface PartAccount {
  part: PlanPart;
  status: 'found' | 'not found';
  /** found: the lines its figures stand on; not found: the lines looked at (every line using its usual phrasings). */
  lines: number[];
  /** What was looked for, or (found) how many figures. */
  detail: string;
}

/** How BKN's Renja / RKT texts usually say each part; the extraction steps key on the same words. */
const USUAL_PHRASINGS: Record<PlanPart, { pattern: RegExp; words: string }> = {
  totals: {
    pattern: new RegExp(
      String.raw`total\s+(?:pagu|anggaran)|pagu\s+(?:anggaran|indikatif|definitif)|` +
        String.raw`jumlah\s+(?:pagu|anggaran)|alokasi\s+anggaran`,
      'i',
    ),
    words: 'total pagu / pagu anggaran / jumlah anggaran / alokasi anggaran',
  },
  'spending split': {
    pattern: /belanja\s+(?:pegawai|operasional|non[\s-]?operasional|barang|modal)/i,
    words: 'Belanja Pegawai / Operasional / Non-Operasional / Barang / Modal',
  },
  headcount: {
    pattern: new RegExp(
      String.raw`(?:jumlah|komposisi)\s+(?:pegawai|ASN|PNS)|(?:pegawai|ASN|PNS)\s+(?:berjumlah|sebanyak)|` +
        String.raw`\d+\s*(?:\([^)]*\)\s*)?orang\s+(?:pegawai|ASN|PNS)|infografis\s+ASN`,
      'i',
    ),
    words: 'jumlah / komposisi pegawai, pegawai berjumlah / sebanyak, N orang pegawai, infografis ASN',
  },
  movements: {
    pattern: /pensiun|mutasi|pindah(?:an)?\s+(?:dari|ke)|meninggal/i,
    words: 'pensiun / mutasi / pindah dari, ke / meninggal',
  },
  goals: { pattern: /sasaran\s+strategis|\bSS\s*\.?\s*\d/i, words: 'Sasaran Strategis / SS n' },
  'indicator rows': { pattern: /\bIKU\b|indikator\s+kinerja/i, words: 'IKU / Indikator Kinerja' },
  'budget tree': {
    pattern: new RegExp(
      String.raw`^\s*(?:\d{3}\.\d{2}\.[A-Z]{2}|\d{4}(?:\.[A-Z]{3}(?:\.\d{3})?)?)\s|` +
        String.raw`rincian\s+pagu|program\s+(?:dukungan\s+manajemen|kebijakan)`,
      'i',
    ),
    words:
      'program / kegiatan / KRO / RO codes (088.01.WA, 4843.EAA.002), Rincian Pagu, ' +
      'Program Dukungan Manajemen / Kebijakan',
  },
  allocations: {
    pattern: /keterangan|pagu\s+anggaran\s+(?:untuk|pada)/i,
    words: 'Keterangan / Pagu Anggaran untuk, pada',
  },
  revisions: {
    pattern: /perubahan|penyesuaian\s+target|dari\s+sebelumnya|menjadi\s+\d/i,
    words: 'perubahan / penyesuaian target / dari sebelumnya … menjadi',
  },
  'work area': {
    pattern: /wilayah\s+kerja(?:nya)?\s+(?:yaitu|meliputi|adalah)|\d+\s*(?:\([^)]*\)\s*)?instansi\b/i,
    words: 'wilayah kerja yaitu / meliputi, N instansi',
  },
  assets: {
    pattern:
      /\d+\s*(?:\([^)]*\)\s*)?(?:unit\s+)?(?:gedung|mobil|motor|kendaraan|laboratorium)\b|sarana\s+dan\s+prasarana/i,
    words: 'N gedung / mobil / motor / kendaraan / laboratorium, sarana dan prasarana',
  },
  'activity targets': {
    pattern: /^\s*-?\s*(?:jumlah|persentase)\b.*\d+\s+(?:data|dokumen|berkas|naskah|orang|laporan)\b/i,
    words: 'an activity indicator (Jumlah / Persentase …) with N data / dokumen / berkas / orang',
  },
};

function figuresOf(plan: PlanFile, part: PlanPart): Array<Source | null | undefined> {
  switch (part) {
    case 'totals':
      return plan.totalBudget ? [plan.totalBudget.source] : [];
    case 'spending split':
      return plan.spendingSplit.map((entry) => entry.source);
    case 'headcount':
      return plan.staff.headcounts.map((entry) => entry.source);
    case 'movements':
      return plan.staff.movements.map((entry) => entry.source);
    case 'goals':
      return plan.strategicGoals.map((entry) => entry.source);
    case 'indicator rows':
      return plan.indicatorTargets.map((entry) => entry.targetSource ?? { location: entry.code });
    case 'budget tree':
      return plan.budgetLines.map((entry) => entry.source);
    case 'allocations':
      return plan.budgetAllocations.map((entry) => entry.source);
    case 'revisions':
      return plan.indicatorTargets.filter((entry) => entry.revisedFrom).map((entry) => entry.revisedFrom!.source);
    case 'work area':
      return plan.workArea
        ? [
            ...plan.workArea.provinces,
            ...plan.workArea.agencies,
            ...(plan.workArea.totalAgencies ? [plan.workArea.totalAgencies] : []),
          ].map((entry) => entry.source)
        : [];
    case 'assets':
      return (plan.assets ?? []).map((entry) => entry.source);
    case 'activity targets':
      return (plan.activityTargets ?? []).map((entry) => entry.source);
  }
}

const distinct = (numbers: number[]) => [...new Set(numbers)].sort((a, b) => a - b);

export function accountForParts(lines: DocumentLine[], plan: PlanFile): PartAccount[] {
  return PLAN_PARTS.map((part): PartAccount => {
    const figures = figuresOf(plan, part).filter((source) => source !== undefined);
    if (figures.length) {
      return {
        part,
        status: 'found',
        lines: distinct(figures.flatMap((source) => (source?.line ? [source.line] : []))),
        detail: `${figures.length} in the draft`,
      };
    }
    const { pattern, words } = USUAL_PHRASINGS[part];
    const looked = lines.filter((line) => pattern.test(line.text)).map((line) => line.number);
    const detail = looked.length
      ? `not in the draft; ${looked.length} line${looked.length === 1 ? '' : 's'} say ${words}, ` +
        'and none held it in a form the extractor reads'
      : `not in the draft; no line says ${words}`;
    return { part, status: 'not found', lines: looked, detail };
  });
}

/**
 * Indicator codes the text prints (IKU.5, "IKU 5") that the draft does not list: each is an indicator row the
 * extractor did not read, with the lines that print it.
 */
export function findUnlistedIndicatorCodes(
  lines: DocumentLine[],
  plan: PlanFile,
): Array<{ code: string; lines: number[] }> {
  const listed = new Set(plan.indicatorTargets.map((indicator) => indicator.code));
  const seen = new Map<string, number[]>();
  for (const line of lines) {
    for (const match of line.text.matchAll(/\bIKU\s*\.?\s*(\d{1,2})\b/g)) {
      const code = `IKU.${Number(match[1])}`;
      seen.set(code, [...(seen.get(code) ?? []), line.number]);
    }
  }
  // Only where the plan numbers its indicators IKU.n: VI's table numbers them 1.a … 7.f and says "IKU" only in prose.
  if (listed.size && ![...listed].some((code) => code.startsWith('IKU.'))) return [];
  return [...seen].filter(([code]) => !listed.has(code)).map(([code, found]) => ({ code, lines: distinct(found) }));
}
