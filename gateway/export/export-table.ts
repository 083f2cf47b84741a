import { stringify } from 'csv-stringify/sync';
import { checkedCell, type CellValue, type ColumnSpec } from './export-column.ts';
import { DEFAULT_DIALECT, type CsvDialect } from './csv-dialect.ts';

/** Where a document figure in the table is printed: the provenance sheet of an XLSX. */
export interface ProvenanceEntry {
  regionCode: string;
  year: number;
  /** What the figure is of: an indicator id, a budget code, a headcount's dimension and category. */
  item: string;
  /** Which figure: target, realisation, amount, count … */
  figure: string;
  kind: string;
  document: string | null;
  location: string;
  line: number | null;
  printed: string | null;
}

/** Rows as the columns list them: the one shape every export format writes. */
export interface ExportTable {
  columns: readonly ColumnSpec[];
  records: ReadonlyArray<ReadonlyArray<CellValue | undefined>>;
  /** Provenance of the table's figures, when the format shows it (XLSX) and the view asked for it. */
  provenance?: readonly ProvenanceEntry[];
}

/**
 * A number as a decimal column writes it: always with a fractional part (`77.0`, never `77`), so that DuckDB,
 * pandas and Power Query infer a decimal type whatever the data; never in exponent notation.
 */
export function decimalText(value: number, decimalChar: '.' | ',' = '.'): string {
  let text = Number.isInteger(value) ? value.toFixed(1) : String(value);
  if (/e/i.test(text))
    text = value.toLocaleString('en-US', { useGrouping: false, minimumFractionDigits: 1, maximumFractionDigits: 20 });
  return decimalChar === '.' ? text : text.replace('.', decimalChar);
}

/**
 * RFC 4180 fields, a header row of the column names, empty field for null; integers exact; decimal columns
 * always with a fractional part. A text cell that a spreadsheet would run as a formula (it starts with
 * = + - @, a tab or a carriage return, or their full-width forms) gets a leading `'`, as OWASP's CSV-injection
 * advice asks; a cell that is a number (a negative change, say) is not text and is written as it is. The
 * dialect sets the separator, the decimal character, the byte-order mark and the line ends.
 */
export function encodeCsv(table: ExportTable, dialect: CsvDialect = DEFAULT_DIALECT): string {
  const records = table.records.map((record) =>
    table.columns.map((column, index) => checkedCell(column, record[index])),
  );
  const numberText = (value: number, columnIndex: number) => {
    if (table.columns[columnIndex]?.type === 'decimal') return decimalText(value, dialect.decimalChar);
    return Number.isInteger(value) ? String(value) : decimalText(value, dialect.decimalChar);
  };
  return stringify(records, {
    header: true,
    columns: table.columns.map((column) => column.name),
    delimiter: dialect.delimiter,
    record_delimiter: dialect.lineTerminator,
    bom: dialect.bom,
    // Records are arrays, so the context's column is the index.
    cast: { number: (value, context) => numberText(value, Number(context.column)) },
    // csv-stringify decides by the cell's value before the cast: only strings are escaped, never numbers.
    escape_formulas: true,
  });
}

/** One JSON object per line, keys in column order, numbers as JSON numbers (decimals as `77.0`), null as null. */
export function encodeJsonLines(table: ExportTable): string {
  const keys = table.columns.map((column) => `${JSON.stringify(column.name)}:`);
  return table.records
    .map((record) => {
      const fields = table.columns.map((column, index) => {
        const value = checkedCell(column, record[index]);
        return (
          keys[index] +
          (column.type === 'decimal' && typeof value === 'number' ? decimalText(value) : JSON.stringify(value))
        );
      });
      return `{${fields.join(',')}}\n`;
    })
    .join('');
}
