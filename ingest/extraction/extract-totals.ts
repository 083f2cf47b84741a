import type { Flag, PlanFile, SpendingType } from '../../shared/plan-file/plan-file.types.ts';
import { isBlankLine, type DocumentLine } from './document-lines.ts';
import { sectionOf } from './document-sections.ts';
import type { ReportWriter } from './extraction-report.ts';
import { findPrintedNumbers, readPrintedNumber } from './read-printed-number.ts';

/**
 * Reads the total from the sentence "… Pagu Anggaran … Tahun 2021 adalah sebesar Rp. 12.218.328.000,-" (or its
 * usual variants, TOTAL_SENTENCE),
 * the split by spending type from the "Belanja Pegawai / Operasional / Non-Operasional … sebesar Rp…"
 * items (an item may wrap onto the next lines), and flags a budget sentence that names another year.
 */
export interface Totals {
  totalBudget: PlanFile['totalBudget'];
  spendingSplit: PlanFile['spendingSplit'];
  flags: Flag[];
}

const SPENDING_TYPES: Array<{ type: SpendingType; pattern: RegExp; label: string }> = [
  { type: 'NON_OPERASIONAL', pattern: /belanja\s+non[\s-]*operasional/i, label: 'Belanja Non-Operasional' },
  { type: 'OPERASIONAL', pattern: /belanja\s+operasional/i, label: 'Belanja Operasional' },
  { type: 'PEGAWAI', pattern: /belanja\s+pegawai/i, label: 'Belanja Pegawai' },
];
const ANY_SPENDING_TYPE = /belanja\s+(?:non[\s-]*operasional|operasional|pegawai)/i;
/** A wrapped item ends where the next list item starts. */
const LIST_ITEM = /^\s*(?:\d+[.)]|[a-z][.)]|[-•])\s/i;
const MAX_WRAPPED_LINES = 3;
/**
 * The usual ways of stating the total: "Pagu Anggaran … adalah sebesar Rp…", "Total anggaran … senilai Rp…",
 * "jumlah pagu … yaitu Rp…"; the amount must follow the verb directly.
 */
const TOTAL_SENTENCE = new RegExp(
  String.raw`(?:pagu\s+anggaran|total\s+(?:pagu|anggaran)|jumlah\s+(?:pagu|anggaran))\b` +
    String.raw`((?:(?!pagu\s+anggaran|total\s+(?:pagu|anggaran)).){0,160}?)\b(?:sebesar|senilai|yaitu)\s+`,
  'gi',
);
/** Spending types a plan file has no place for: reported, never dropped silently. */
const OTHER_SPENDING_TYPE = /belanja\s+(barang|modal|bantuan\s+sosial|lain-lain)\b.{0,200}?\bsebesar\s+/i;

export function extractTotals(lines: DocumentLine[], year: number, report: ReportWriter): Totals {
  const flags = yearMismatches(lines, year);
  for (const line of lines) {
    const other = OTHER_SPENDING_TYPE.exec(line.text);
    const amount =
      other &&
      findPrintedNumbers(line.text.slice(other.index + other[0].length)).find(
        (number) => number.index === 0 && /^Rp/i.test(number.printed),
      );
    if (amount)
      report.unread(
        line.number,
        line.text,
        `Belanja ${other[1]} ${amount.printed}: a plan file splits spending only into Pegawai, ` +
          'Operasional and Non-Operasional',
      );
  }
  return {
    totalBudget: findTotal(lines, year, flags, report),
    spendingSplit: findSpendingSplit(lines, flags, report),
    flags,
  };
}

/**
 * The total and the split have no flags of their own in a plan file, so a doubtful reading of theirs is
 * flagged on the plan (and reported); a figure that reads as no whole amount at all is left out.
 */
function readAmount(
  printed: string,
  line: DocumentLine,
  what: string,
  flags: Flag[],
  report: ReportWriter,
): number | null {
  const reading = readPrintedNumber(printed, 'amount');
  if (reading.value === null || !Number.isInteger(reading.value)) {
    report.unread(line.number, printed, `${what} "${printed}" does not read as a whole Rupiah amount`);
    return null;
  }
  for (const flag of reading.flags.filter((readable) => readable.code !== 'NUMBER_FORMAT')) {
    flags.push({ code: flag.code, message: `${what} (line ${line.number}): ${flag.message}` });
    report.unsure(line.number, printed, `${flag.code}: ${flag.message}`);
  }
  return reading.value;
}

function findTotal(lines: DocumentLine[], year: number, flags: Flag[], report: ReportWriter): Totals['totalBudget'] {
  const found: Array<{ line: DocumentLine; printed: string; value: number; phrase: string; verb: string }> = [];
  for (const line of lines) {
    for (const match of line.text.matchAll(TOTAL_SENTENCE)) {
      const statedYear = /\b(20\d{2})\b/.exec(match[1]!);
      const amount = findPrintedNumbers(line.text.slice(match.index + match[0].length)).find(
        (number) => number.index === 0 && /^Rp/i.test(number.printed),
      );
      if (!amount) continue;
      if (statedYear && Number(statedYear[1]) !== year) {
        report.unread(line.number, line.text, `a budget total for ${statedYear[1]}, not the plan year ${year}`);
        continue;
      }
      const value = readAmount(amount.printed, line, 'the total budget', flags, report);
      const words = /^(\S+\s+\S+)[\s\S]*?(\S+)\s+$/.exec(match[0])!;
      const phrase = /^pagu\s+anggaran$/i.test(words[1]!) ? 'Pagu Anggaran' : words[1]!;
      if (value !== null) found.push({ line, printed: amount.printed, value, phrase, verb: words[2]! });
    }
  }
  const [first, ...others] = found;
  for (const other of others.filter((candidate) => candidate.value !== first?.value)) {
    report.unread(
      other.line.number,
      other.line.text,
      `a second total (${other.printed}) that differs from the one read at line ${first!.line.number}`,
    );
  }
  if (!first) return null;
  return {
    amount: first.value,
    source: {
      line: first.line.number,
      location: `${sectionOf(lines, first.line.number)}, sentence "${first.phrase} … ${first.verb}"`,
      printed: first.printed,
    },
  };
}

function findSpendingSplit(lines: DocumentLine[], flags: Flag[], report: ReportWriter): Totals['spendingSplit'] {
  const split: Totals['spendingSplit'] = [];
  lines.forEach((line, index) => {
    const kind = SPENDING_TYPES.find(({ pattern }) => pattern.test(line.text));
    if (!kind) return;
    const amount = amountAfterSebesar(lines, index, kind.pattern);
    if (!amount) {
      report.unread(line.number, line.text, `names ${kind.label} but no "sebesar Rp…" amount follows`);
      return;
    }
    if (split.some((part) => part.type === kind.type)) {
      report.unread(
        amount.line.number,
        amount.line.text,
        `${kind.label} is stated a second time; the first statement was read`,
      );
      return;
    }
    const value = readAmount(amount.printed, amount.line, kind.label, flags, report);
    if (value === null) return;
    const wrapped = amount.line.number === line.number ? '' : ` (item starts at line ${line.number})`;
    split.push({
      type: kind.type,
      amount: value,
      source: {
        line: amount.line.number,
        location: `${sectionOf(lines, line.number)}, rincian alokasi belanja, ${kind.label}${wrapped}`,
        printed: amount.printed,
      },
    });
  });
  return split;
}

/** The first "sebesar Rp…" after the spending type, on its line or on the lines the item wraps onto. */
function amountAfterSebesar(
  lines: DocumentLine[],
  index: number,
  pattern: RegExp,
): { line: DocumentLine; printed: string } | null {
  const first = lines[index]!;
  const start = pattern.exec(first.text)!.index;
  const candidates = [{ line: first, text: first.text.slice(start) }];
  for (const next of lines.slice(index + 1)) {
    if (candidates.length > MAX_WRAPPED_LINES) break;
    if (isBlankLine(next)) continue;
    if (LIST_ITEM.test(next.text) || ANY_SPENDING_TYPE.test(next.text) || next.text.includes('\t')) break;
    candidates.push({ line: next, text: next.text });
  }
  for (const { line, text } of candidates) {
    const sebesar = /\bsebesar\s+/i.exec(text);
    if (!sebesar) continue;
    const amount = findPrintedNumbers(text.slice(sebesar.index + sebesar[0].length)).find(
      (number) => number.index === 0 && /^Rp/i.test(number.printed),
    );
    if (amount) return { line, printed: amount.printed };
  }
  return null;
}

/** "Rincian pagu anggaran … Tahun 2020" in the 2021 plan: kept as printed, flagged. */
function yearMismatches(lines: DocumentLine[], year: number): Flag[] {
  return lines.flatMap((line) =>
    [...line.text.matchAll(/pagu\s+anggaran\b(?:(?!pagu\s+anggaran).){0,80}?\bTahun\s+(?:Anggaran\s+)?(20\d{2})\b/gi)]
      .filter((match) => Number(match[1]) !== year)
      .map((match) => ({
        code: 'YEAR_MISMATCH',
        message:
          `A budget sentence (${sectionOf(lines, line.number)}, line ${line.number}) names ${match[1]} in the ` +
          `${year} plan: "${match[0]}". Kept as printed.`,
      })),
  );
}
