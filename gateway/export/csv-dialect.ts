import { ExportRequestError } from './export-request-error.ts';

/**
 * How a CSV is written: the default (RFC 4180, for scripts and BI tools) or one a spreadsheet's locale reads as it is.
 */
export interface CsvDialect {
  name: 'default' | 'excel-id';
  delimiter: ',' | ';';
  decimalChar: '.' | ',';
  /** A UTF-8 byte-order mark first: without it, Excel reads a double-clicked file in the machine's legacy code page. */
  bom: boolean;
  lineTerminator: '\n' | '\r\n';
}

export const DEFAULT_DIALECT: CsvDialect = {
  name: 'default',
  delimiter: ',',
  decimalChar: '.',
  bom: false,
  lineTerminator: '\n',
};

/**
 * What Excel set to Indonesian (id-ID) expects of a double-clicked file: the list separator `;` (the comma is
 * the decimal separator there, so a comma-separated file opens as one column and `0.106398` becomes 106398).
 */
export const EXCEL_ID_DIALECT: CsvDialect = {
  name: 'excel-id',
  delimiter: ';',
  decimalChar: ',',
  bom: true,
  lineTerminator: '\r\n',
};

export const CSV_DIALECTS: readonly CsvDialect[] = [DEFAULT_DIALECT, EXCEL_ID_DIALECT];

/** The `dialect` URL parameter; absent or empty is the default. */
export function readDialect(raw: unknown): CsvDialect {
  if (raw === undefined || raw === '') return DEFAULT_DIALECT;
  const found =
    typeof raw === 'string' ? CSV_DIALECTS.find((dialect) => dialect.name === raw.toLowerCase()) : undefined;
  if (!found) {
    throw new ExportRequestError(
      400,
      `Bad parameter "dialect": expected one of ${CSV_DIALECTS.map((dialect) => dialect.name).join(', ')}; ` +
        `got ${JSON.stringify(raw)}`,
    );
  }
  return found;
}
