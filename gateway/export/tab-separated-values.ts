import { checkedCell, type CellValue, type ColumnSpec } from './export-column.ts';
import { decimalText, type ExportTable } from './export-table.ts';
import { guardFormulaText } from './spreadsheet-formula.ts';

/**
 * Backslash escapes of linear TSV (as PostgreSQL's COPY text format writes them): IANA's
 * text/tab-separated-values has no quoting, so a tab or line break inside a field is written `\t`, `\n`, `\r`,
 * and a backslash `\\`, which keeps every record on one line and the file reversible.
 */
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function fieldText(column: ColumnSpec, value: CellValue | undefined): string {
  const cell = checkedCell(column, value);
  if (cell === null) return '';
  if (typeof cell === 'number')
    return column.type === 'decimal' || !Number.isInteger(cell) ? decimalText(cell) : String(cell);
  return guardFormulaText(cell).replace(/[\\\t\n\r]/g, (character) => ESCAPES[character]!);
}

/**
 * One header row of the column names, then one line per record: fields separated by tabs, LF line ends,
 * UTF-8 without byte-order mark, empty field for null, numbers as the CSV writes them (decimals always with a
 * fractional part). Text that starts like a formula gets a leading `'`, as in the CSV.
 */
export function encodeTsv(table: ExportTable): string {
  const header = table.columns.map((column) => column.name).join('\t');
  const lines = table.records.map((record) =>
    table.columns.map((column, index) => fieldText(column, record[index])).join('\t'),
  );
  return [header, ...lines].map((line) => `${line}\n`).join('');
}
