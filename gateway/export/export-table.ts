import { stringify } from 'csv-stringify/sync';
import { checkedCell, type CellValue, type ColumnSpec } from './export-column.ts';

/** Rows as the columns list them: the one shape every export format writes. */
export interface ExportTable {
  columns: readonly ColumnSpec[];
  records: ReadonlyArray<ReadonlyArray<CellValue | undefined>>;
}

export interface ExportFormat {
  extension: 'csv' | 'jsonl';
  contentType: string;
  encode(table: ExportTable): string;
}

/**
 * RFC 4180 fields, a header row of the column names, LF line ends; empty field for null; numbers as JavaScript
 * writes them (exact for integers). A text cell that a spreadsheet would run as a formula (it starts with
 * = + - @, a tab or a carriage return, or their full-width forms) gets a leading `'`, as OWASP's CSV-injection
 * advice asks; a cell that is a number (a negative change, say) is not text and is written as it is.
 */
export function encodeCsv(table: ExportTable): string {
  const records = table.records.map((record) => table.columns.map((column, index) => checkedCell(column, record[index])));
  return stringify(records, {
    header: true,
    columns: table.columns.map((column) => column.name),
    cast: { number: (value) => String(value) },
    // csv-stringify decides by the cell's value before the cast: only strings are escaped, never numbers.
    escape_formulas: true,
  });
}

/** One JSON object per line, keys in column order, numbers as JSON numbers, null as null. */
export function encodeJsonLines(table: ExportTable): string {
  return table.records
    .map((record) => JSON.stringify(Object.fromEntries(table.columns.map((column, index) => [column.name, checkedCell(column, record[index])]))) + '\n')
    .join('');
}

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  { extension: 'csv', contentType: 'text/csv; charset=utf-8', encode: encodeCsv },
  { extension: 'jsonl', contentType: 'application/x-ndjson; charset=utf-8', encode: encodeJsonLines },
];
