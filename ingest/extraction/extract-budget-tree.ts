import type { BudgetLevel, BudgetLineEntry, Flag } from '../../shared/plan-file/plan-file.types.ts';
import { tableRowsAfter, type DocumentLine } from './document-lines.ts';
import type { ReportWriter } from './extraction-report.ts';
import { readPrintedNumber } from './read-printed-number.ts';

/**
 * Reads the budget tree of the LAMPIRAN ("Kode | Program/Kegiatan/Output | … | Jumlah Biaya") into flat
 * budget lines, parents first: program '088.01.CO, kegiatan 4846, KRO 4846.BAB, RO 4846.BAB.001,
 * komponen '051 (full code RO.051), sub-komponen A (komponen.A). Amounts are read as printed, never
 * balanced: a parent whose children do not add up is flagged and reported.
 */
export interface BudgetTree {
  budgetLines: BudgetLineEntry[];
  /** Rows naming a place ("KOTA MEDAN") with no amount; they are not budget lines. */
  locationRows: DocumentLine[];
  /** Every line the table occupies, header included. */
  lines: number[];
}

interface LevelPattern {
  level: BudgetLevel;
  pattern: RegExp;
  /** The full code of a row, given the full code of its parent. */
  fullCode: (match: RegExpExecArray, parent: string | null) => string;
  /** For codes that repeat their parent's code (4846.BAB under 4846), the part that must equal it. */
  parentPart?: (match: RegExpExecArray) => string;
}

const LEVELS: LevelPattern[] = [
  { level: 'PROGRAM', pattern: /^'?(\d{3}\.\d{2}\.[A-Z]{2})$/, fullCode: (match) => match[1]! },
  { level: 'KEGIATAN', pattern: /^'?(\d{4})$/, fullCode: (match) => match[1]! },
  { level: 'KRO', pattern: /^(\d{4})\.([A-Z]{3})$/, fullCode: (match) => match[0], parentPart: (match) => match[1]! },
  {
    level: 'RO',
    pattern: /^(\d{4}\.[A-Z]{3})\.(\d{3})$/,
    fullCode: (match) => match[0],
    parentPart: (match) => match[1]!,
  },
  { level: 'KOMPONEN', pattern: /^'?(\d{3})$/, fullCode: (match, parent) => `${parent}.${match[1]}` },
  { level: 'SUB_KOMPONEN', pattern: /^([A-Z])$/, fullCode: (match, parent) => `${parent}.${match[1]}` },
];
const DEPTH: Record<BudgetLevel, number> = { PROGRAM: 0, KEGIATAN: 1, KRO: 2, RO: 3, KOMPONEN: 4, SUB_KOMPONEN: 5 };

export function extractBudgetTree(lines: DocumentLine[], report: ReportWriter): BudgetTree | null {
  const headerIndex = lines.findIndex(
    (line) => /^kode$/i.test(line.cells[0] ?? '') && line.cells.some((cell) => /program|kegiatan|output/i.test(cell)),
  );
  const header = lines[headerIndex];
  if (!header) return null;
  const title = tableTitle(lines, headerIndex);
  const tree: BudgetTree = { budgetLines: [], locationRows: [], lines: [header.number] };
  const open: Array<BudgetLineEntry | undefined> = [];
  for (const row of tableRowsAfter(lines, headerIndex)) {
    tree.lines.push(row.number);
    const [code = '', name = ''] = row.cells;
    const filled = row.cells.slice(2).filter(Boolean);
    const amountCell = filled.at(-1) ?? '';
    if (code === '' && name === '' && filled.some((cell) => /volume|jumlah|harga/i.test(cell))) continue;
    if (code === '' && amountCell === '-') {
      tree.locationRows.push(row);
      continue;
    }
    const line = budgetLine(row, code, name, filled, open, title, report);
    if (!line) {
      closeLevelsBelow(open, code);
      continue;
    }
    open[DEPTH[line.level]] = line;
    open.length = DEPTH[line.level] + 1;
    tree.budgetLines.push(line);
  }
  flagChildrenThatDoNotAddUp(tree.budgetLines, report);
  return tree;
}

/**
 * After a row that could not be read, the rows below must not fall under a stale parent: its own level
 * closes, and a row whose level is unknown closes the komponen, so that no sub-komponen lands under the
 * wrong one (they are reported instead).
 */
function closeLevelsBelow(open: Array<BudgetLineEntry | undefined>, printedCode: string): void {
  const level = LEVELS.find((candidate) => candidate.pattern.test(printedCode))?.level ?? 'KOMPONEN';
  open.length = Math.min(open.length, DEPTH[level]);
}

/** "RINCIAN PAGU ANGGARAN T.A. 2021 PADA SATKER 606261" as printed, or the chapter name. */
function tableTitle(lines: DocumentLine[], headerIndex: number): string {
  const title = lines
    .slice(Math.max(0, headerIndex - 4), headerIndex)
    .reverse()
    .find((line) => /rincian|pagu|anggaran/i.test(line.text) && !line.text.includes('\t'));
  return `LAMPIRAN, ${title ? title.text.trim() : 'budget table'}`;
}

function budgetLine(
  row: DocumentLine,
  printedCode: string,
  name: string,
  filled: string[],
  open: Array<BudgetLineEntry | undefined>,
  title: string,
  report: ReportWriter,
): BudgetLineEntry | null {
  const level = LEVELS.find((candidate) => candidate.pattern.test(printedCode));
  const match = level?.pattern.exec(printedCode);
  if (!level || !match) {
    report.unread(
      row.number,
      row.text,
      `"${printedCode}" is not a budget code (program 088.01.CO, kegiatan 4846, KRO 4846.BAB, RO 4846.BAB.001, ` +
        `komponen '051 or sub-komponen A)`,
    );
    return null;
  }
  const parent = level.level === 'PROGRAM' ? null : open[DEPTH[level.level] - 1];
  if (level.level !== 'PROGRAM' && !parent) {
    report.unread(row.number, row.text, `a ${level.level} with no ${LEVELS[DEPTH[level.level] - 1]!.level} above it`);
    return null;
  }
  if (level.parentPart && parent && level.parentPart(match) !== parent.code) {
    report.unread(
      row.number,
      row.text,
      `${printedCode} names ${level.parentPart(match)} as its parent, but stands under ${parent.code}`,
    );
    return null;
  }
  const amount = readPrintedNumber(filled.at(-1) ?? '', 'amount');
  if (amount.value === null || !Number.isInteger(amount.value)) {
    report.unread(
      row.number,
      row.text,
      `the amount of ${printedCode} ("${filled.at(-1) ?? ''}") does not read as a whole Rupiah amount`,
    );
    return null;
  }
  const code = level.fullCode(match, parent?.code ?? null);
  for (const flag of amount.flags.filter((readable) => readable.code !== 'NUMBER_FORMAT'))
    report.unsure(row.number, row.text, `${code}: ${flag.code}: ${flag.message}`);
  const volume = readVolume(filled.slice(0, -1), row, code, report);
  const shown = printedCode === code ? code : `${printedCode} (${code})`;
  return {
    code,
    printedCode,
    name,
    level: level.level,
    parent: parent?.code ?? null,
    volume: volume.volume,
    volumeUnit: volume.unit,
    amount: amount.value,
    source: { line: row.number, location: `${title}, row ${shown}`, printed: amount.printed },
    flags: amount.flags,
  };
}

/** The cells between the name and the amount hold the volume and its unit: "3 | Lembaga", "1 Lembaga", "'0". */
function readVolume(
  cells: string[],
  row: DocumentLine,
  code: string,
  report: ReportWriter,
): { volume: number | null; unit: string | null } {
  const text = cells.join(' ').trim();
  if (!text) return { volume: null, unit: null };
  const match = /^'?(\d+(?:[.,]\d+)?)\s*(.*)$/.exec(text);
  if (!match) {
    report.unread(
      row.number,
      row.text,
      `"${text}" beside ${code} is not a volume (a number, optionally with its unit)`,
    );
    return { volume: null, unit: null };
  }
  return { volume: Number(match[1]!.replace(',', '.')), unit: match[2] || null };
}

function flagChildrenThatDoNotAddUp(budgetLines: BudgetLineEntry[], report: ReportWriter): void {
  const sums = new Map<string, number>();
  for (const line of budgetLines) if (line.parent) sums.set(line.parent, (sums.get(line.parent) ?? 0) + line.amount);
  for (const line of budgetLines) {
    const sum = sums.get(line.code);
    if (sum === undefined || sum === line.amount) continue;
    const flag: Flag = {
      code: 'SUM_MISMATCH',
      message:
        `${line.code} is printed as ${line.source.printed} but its children add up to ${sum}; ` +
        'both are kept as printed.',
    };
    line.flags.push(flag);
    report.unsure(
      line.source.line ?? null,
      `${line.printedCode} ${line.name} ${line.source.printed}`,
      `${flag.code}: ${flag.message}`,
    );
  }
}
