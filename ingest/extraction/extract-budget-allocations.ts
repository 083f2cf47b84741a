import type { BudgetAllocationEntry, Flag } from '../../shared/plan-file/plan-file.types.ts';
import { normaliseWords } from './document-lines.ts';
import type { ReportWriter } from './extraction-report.ts';
import type { IndicatorRow, IndicatorTableLayout, TableCell } from './read-indicator-table.ts';
import { readPrintedNumber } from './read-printed-number.ts';

/**
 * Reads the amounts an indicator table prints in its "Pagu Anggaran" column as allocations. Which indicators
 * an amount funds is read, in this order, from: the codes its "Keterangan" names ("Pagu anggaran untuk
 * IKU.1, IKU.2 …"); else the rows its merged cell spans (rows below with neither an amount nor a Keterangan);
 * plus the rows whose Keterangan says they are "Termasuk dalam Pagu Anggaran <the same RO>".
 */
interface OpenAllocation {
  row: IndicatorRow;
  budget: TableCell;
  amount: number;
  printedFlags: Flag[];
  namedCodes: string[];
  spannedCodes: string[];
  includedCodes: string[];
}

const INCLUDED_IN = /^termasuk\s+dalam\s+(?:pagu\s+anggaran\s+)?(.+)$/i;

export function extractBudgetAllocations(
  layout: IndicatorTableLayout,
  location: string,
  report: ReportWriter,
): BudgetAllocationEntry[] {
  const knownCodes = new Set(layout.rows.map((row) => row.code));
  const allocations: OpenAllocation[] = [];
  let spanning: OpenAllocation | null = null;
  for (const row of layout.rows) {
    if (row.budget) {
      spanning = openAllocation(row, row.budget, knownCodes, report);
      if (spanning) allocations.push(spanning);
      continue;
    }
    const included = row.note ? INCLUDED_IN.exec(row.note.text) : null;
    if (included) {
      const funding = allocations.find((allocation) => describes(allocation.row.note?.text ?? '', included[1]!));
      if (funding) funding.includedCodes.push(row.code);
      else
        report.unread(
          row.line,
          row.note!.text,
          `${row.code} says it is included in "${included[1]}", but no amount's Keterangan describes that`,
        );
      spanning = null;
    } else if (row.note) {
      report.unread(
        row.note.lines[0]!,
        row.note.text,
        `${row.code} has a Keterangan but no amount, and it names no allocation it belongs to`,
      );
      spanning = null;
    } else if (spanning) {
      spanning.spannedCodes.push(row.code);
    }
  }
  return allocations.map((allocation) => allocationEntry(allocation, location, report));
}

function openAllocation(
  row: IndicatorRow,
  budget: TableCell,
  knownCodes: Set<string>,
  report: ReportWriter,
): OpenAllocation | null {
  const amount = readPrintedNumber(budget.text, 'amount');
  if (amount.value === null || !Number.isInteger(amount.value)) {
    report.unread(
      budget.lines[0]!,
      budget.text,
      `the Pagu Anggaran cell of ${row.code} does not read as a whole Rupiah amount`,
    );
    return null;
  }
  const namedCodes = codesNamedIn(row.note?.text ?? '');
  for (const code of namedCodes.filter((named) => !knownCodes.has(named))) {
    report.unread(
      row.note!.lines[0]!,
      row.note!.text,
      `the Keterangan names ${code}, which is not in the table; the link is left out`,
    );
  }
  return {
    row,
    budget,
    amount: amount.value,
    printedFlags: amount.flags,
    namedCodes: namedCodes.filter((code) => knownCodes.has(code)),
    spannedCodes: [row.code],
    includedCodes: [],
  };
}

/** "IKU. 1, IKU.2 dan IKU.3" → IKU.1, IKU.2, IKU.3. */
function codesNamedIn(text: string): string[] {
  return [...new Set([...text.matchAll(/\bIKU\s*\.?\s*(\d{1,2})\b/gi)].map((match) => `IKU.${match[1]}`))];
}

/** "RO Layanan Pengawasan …" is described by "… Rincian Output (RO) Layanan Pengawasan …". */
function describes(description: string, reference: string): boolean {
  const wanted = normaliseWords(reference).replace(/^(?:k?ro|rincian output|klasifikasi rincian output)\s+/, '');
  return wanted.length > 0 && ` ${normaliseWords(description)} `.includes(` ${wanted} `);
}

function allocationEntry(allocation: OpenAllocation, location: string, report: ReportWriter): BudgetAllocationEntry {
  const { row, budget, namedCodes, spannedCodes, includedCodes } = allocation;
  const linked = namedCodes.length ? namedCodes : spannedCodes;
  const indicatorCodes = [...new Set([...linked, ...includedCodes])];
  const note = row.note;
  const flags: Flag[] = [];
  const spread =
    spannedCodes.length > 1 ||
    (note?.lines.length ?? 1) > 1 ||
    (namedCodes.length > 0 && !namedCodes.includes(row.code));
  if (spread) flags.push({ code: 'MERGED_CELL', message: mergedCellMessage(allocation) });
  flags.push(...allocation.printedFlags);
  for (const flag of allocation.printedFlags.filter((printed) => printed.code !== 'NUMBER_FORMAT'))
    report.unsure(budget.lines[0]!, budget.text, `${flag.code}: ${flag.message}`);
  if (namedCodes.length && !namedCodes.includes(row.code)) {
    report.unsure(
      budget.lines[0]!,
      budget.text,
      `printed on the ${row.code} row, but its Keterangan names ${namedCodes.join(', ')}; ` +
        'linked as the Keterangan says',
    );
  }
  const joined =
    note && note.lines.length > 1 ? `; Keterangan printed over lines ${note.lines.join(', ')}, joined` : '';
  return {
    amount: allocation.amount,
    indicatorCodes,
    description: note?.text ?? '',
    source: {
      line: budget.lines[0]!,
      location: `${location}, Pagu Anggaran cell on row ${row.code}${joined}`,
      printed: budget.text,
    },
    flags,
  };
}

function mergedCellMessage({ row, namedCodes, spannedCodes, includedCodes }: OpenAllocation): string {
  const parts = [`Read from a merged "Pagu Anggaran" cell printed on the ${row.code} row (line ${row.line})`];
  if (namedCodes.length) parts.push(`its Keterangan names ${namedCodes.join(', ')}`);
  else if (spannedCodes.length > 1)
    parts.push(
      `the rows ${spannedCodes.slice(1).join(', ')} below have no amount or Keterangan of their own and are ` +
        'taken as part of the same cell',
    );
  if (row.note && row.note.lines.length > 1)
    parts.push(`its row and Keterangan continue on line ${row.note.lines.slice(1).join(', ')}`);
  if (includedCodes.length) parts.push(`${includedCodes.join(', ')} say they are included in the same pagu`);
  if (namedCodes.length && spannedCodes.some((code) => !namedCodes.includes(code))) {
    parts.push(
      `the cell also spans ${spannedCodes.filter((code) => !namedCodes.includes(code)).join(', ')}, ` +
        'which the Keterangan does not name',
    );
  }
  return `${parts.join('; ')}.`;
}
