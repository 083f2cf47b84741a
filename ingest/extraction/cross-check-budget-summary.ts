import type { BudgetLineEntry, Flag } from '../../shared/plan-file/plan-file.types.ts';
import { tableRowsAfter, type DocumentLine } from './document-lines.ts';
import { sectionOf } from './document-sections.ts';
import type { ReportWriter } from './extraction-report.ts';
import { readPrintedNumber } from './read-printed-number.ts';

/**
 * Checks the summary table of the budget chapter ("Kode/ KRO | Kegiatan | Pagu Alokasi": kegiatan 4843,
 * RO as "EAB.5", "TOTAL PAGU ALOKASI") against the LAMPIRAN tree it summarises. The tree is the source of
 * the budget lines; a summary figure that is malformed or disagrees is flagged on the tree's line and
 * reported, never used to change it. Returns the lines the table occupies.
 */
export function crossCheckBudgetSummary(
  lines: DocumentLine[],
  budgetLines: BudgetLineEntry[],
  totalBudget: number | null,
  report: ReportWriter,
): number[] {
  const headerIndex = lines.findIndex(
    (line) => line.cells.length > 1 && line.cells.some((cell) => /pagu\s+alokasi/i.test(cell)),
  );
  const header = lines[headerIndex];
  if (!header) return [];
  const name = summaryName(lines, headerIndex);
  const byCode = new Map(budgetLines.map((line) => [line.code, line]));
  const occupied = [header.number];
  let kegiatan: string | null = null;
  for (const row of tableRowsAfter(lines, headerIndex)) {
    occupied.push(row.number);
    const [code = '', title = ''] = row.cells;
    const printed = row.cells.slice(2).filter(Boolean).at(-1) ?? row.cells.slice(1).filter(Boolean).at(-1) ?? '';
    const amount = readPrintedNumber(printed, 'amount');
    const shortRo = /^([A-Z]{3})\.(\d{1,3})$/.exec(code);
    if (/^\d{4}$/.test(code)) kegiatan = code;
    let fullCode: string | null = null;
    if (/^\d{4}$/.test(code)) fullCode = code;
    else if (shortRo && kegiatan) fullCode = `${kegiatan}.${shortRo[1]}.${shortRo[2]!.padStart(3, '0')}`;
    else if (/^total/i.test(code)) {
      if (totalBudget !== null && amount.value !== totalBudget)
        report.unsure(row.number, row.text, `${name} totals ${printed}, but the total budget read is ${totalBudget}`);
      continue;
    }
    const treeLine = fullCode ? byCode.get(fullCode) : undefined;
    if (!treeLine) {
      report.unread(
        row.number,
        row.text,
        budgetLines.length
          ? `${name} row "${code}" has no counterpart in the LAMPIRAN budget tree`
          : `${name} summarises a budget tree that the document does not print; not read`,
      );
      continue;
    }
    compare(row, `${sectionOf(lines, row.number)}, ${name}`, code, title, printed, amount, treeLine, report);
  }
  return occupied;
}

function summaryName(lines: DocumentLine[], headerIndex: number): string {
  const title = lines
    .slice(Math.max(0, headerIndex - 4), headerIndex)
    .reverse()
    .map((line) => /^\W*(Tabel\s+\d+)/i.exec(line.text))
    .find((match) => match !== null);
  return title ? title[1]! : `the summary table at line ${lines[headerIndex]!.number}`;
}

function compare(
  row: DocumentLine,
  where: string,
  code: string,
  title: string,
  printed: string,
  amount: ReturnType<typeof readPrintedNumber>,
  treeLine: BudgetLineEntry,
  report: ReportWriter,
): void {
  const tree = `the LAMPIRAN (line ${treeLine.source.line}) prints ${treeLine.source.printed}`;
  const malformed = amount.flags.find((flag) => flag.code === 'MALFORMED_NUMBER');
  let flag: Flag | null = null;
  if (malformed) {
    flag = {
      code: 'MALFORMED_NUMBER',
      message:
        `${where} (line ${row.number}, row "${code}") prints this ${treeLine.level}'s amount as "${printed}" (a ` +
        `thousands separator is missing or misplaced; best reading ${amount.value}); ${tree}, ` +
        'which is the amount served.',
    };
  } else if (amount.value !== treeLine.amount) {
    flag = {
      code: 'SUMMARY_MISMATCH',
      message:
        `${where} (line ${row.number}, row "${code}" ${title}) prints ${printed}, but ${tree}; ` +
        `the LAMPIRAN's amount is served.`,
    };
  }
  if (!flag) return;
  treeLine.flags.push(flag);
  report.unsure(row.number, row.text, `${flag.code}: "${printed}" read as ${amount.value}; ${flag.message}`);
}
