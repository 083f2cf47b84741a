import type { CsvDialect } from './csv-dialect.ts';
import { encodeCsv, encodeJsonLines, type ExportTable } from './export-table.ts';
import type { ExportView } from './export-view.ts';
import { encodeTsv } from './tab-separated-values.ts';
import { encodeXlsx } from './xlsx-workbook.ts';

export interface ExportFormat {
  extension: 'csv' | 'jsonl' | 'tsv' | 'xlsx';
  contentType: string;
  /** Takes `?dialect=` (CSV only). */
  hasDialects: boolean;
  /** Shows where document figures are printed, so the view asks for their provenance. */
  showsProvenance: boolean;
  /** `attachment` for a file only an application opens; `inline` for text a browser can show. */
  disposition: 'inline' | 'attachment';
  encode(table: ExportTable, view: ExportView, dialect: CsvDialect): string | Buffer | Promise<Buffer>;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  {
    extension: 'csv',
    contentType: 'text/csv; charset=utf-8',
    hasDialects: true,
    showsProvenance: false,
    disposition: 'inline',
    encode: (table, _view, dialect) => encodeCsv(table, dialect),
  },
  {
    extension: 'jsonl',
    contentType: 'application/x-ndjson; charset=utf-8',
    hasDialects: false,
    showsProvenance: false,
    disposition: 'inline',
    encode: (table) => encodeJsonLines(table),
  },
  {
    extension: 'tsv',
    contentType: 'text/tab-separated-values; charset=utf-8',
    hasDialects: false,
    showsProvenance: false,
    disposition: 'inline',
    encode: (table) => encodeTsv(table),
  },
  {
    extension: 'xlsx',
    contentType: XLSX_CONTENT_TYPE,
    hasDialects: false,
    showsProvenance: true,
    disposition: 'attachment',
    encode: (table, view) => encodeXlsx(table, view),
  },
];
