import type { ColumnType } from './export-column.ts';
import type { CsvDialect } from './csv-dialect.ts';
import type { ExportView } from './export-view.ts';

/** A field of a Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/). */
interface TableSchemaField {
  name: string;
  type: 'string' | 'integer' | 'number' | 'date';
  description: string;
  /** Number fields: the decimal character of the CSV the schema describes. */
  decimalChar?: string;
  /** Rupiah: whole Rupiah, never negative except a change. */
  'x-unit'?: string;
}

export interface TableSchema {
  $schema: string;
  title: string;
  description: string;
  fields: TableSchemaField[];
  /** An empty field is null, never 0 or an empty string. */
  missingValues: string[];
  /** The CSV Dialect (Frictionless) of the file: what a reader needs besides the types. */
  dialect: { delimiter: string; lineTerminator: string; header: true; doubleQuote: true };
}

const FIELD_TYPES: Record<ColumnType, TableSchemaField['type']> = {
  text: 'string',
  integer: 'integer',
  rupiah: 'integer',
  decimal: 'number',
  date: 'date',
};

/** The schema of a view's CSV in a dialect: the column types DuckDB, pandas or a validator should read it with. */
export function tableSchemaOf(view: ExportView, dialect: CsvDialect): TableSchema {
  return {
    $schema: 'https://specs.frictionlessdata.io/schemas/table-schema.json',
    title: view.title,
    description: `${view.grain}. Columns may be added, never renamed, retyped or removed (docs/export.md).`,
    fields: view.columns.map((column) => ({
      name: column.name,
      type: FIELD_TYPES[column.type],
      description: column.description,
      ...(column.type === 'decimal' ? { decimalChar: dialect.decimalChar } : {}),
      ...(column.type === 'rupiah' ? { 'x-unit': 'IDR' } : {}),
    })),
    missingValues: [''],
    dialect: { delimiter: dialect.delimiter, lineTerminator: dialect.lineTerminator, header: true, doubleQuote: true },
  };
}
