/** How a column's values are written: the type a BI tool should give the column. */
export type ColumnType = 'text' | 'integer' | 'rupiah' | 'decimal' | 'date';

/** One value of a table cell as it leaves the graph; null is an empty CSV field and a JSON null. */
export type CellValue = string | number | null;

export interface ExportColumn<Row> {
  /** snake_case and stable: BI reports and scripts refer to columns by this name. */
  name: string;
  type: ColumnType;
  /** Meaning, with the Indonesian term, as docs/export.md shows it. */
  description: string;
  value(row: Row): CellValue | undefined;
}

/** What the docs and the header row need of a column, without the row type. */
export type ColumnSpec = Pick<ExportColumn<unknown>, 'name' | 'type' | 'description'>;

export function column<Row>(
  name: string,
  type: ColumnType,
  description: string,
  value: (row: Row) => CellValue | undefined,
): ExportColumn<Row> {
  return { name, type, description, value };
}

/** Type names as docs/export.md writes them. */
export const COLUMN_TYPE_LABELS: Record<ColumnType, string> = {
  text: 'text',
  integer: 'integer',
  rupiah: 'integer (Rupiah)',
  decimal: 'decimal',
  date: 'date (ISO 8601)',
};

/**
 * The cell as the column's type promises it: whole numbers stay exact (a Rupiah amount that is not a safe
 * integer would be a bug upstream, so it fails loudly instead of being written rounded).
 */
export function checkedCell(column: ColumnSpec, value: CellValue | undefined): CellValue {
  if (value === undefined || value === null) return null;
  const isNumberColumn = column.type === 'integer' || column.type === 'rupiah' || column.type === 'decimal';
  if (isNumberColumn && typeof value !== 'number') {
    throw new TypeError(`Column ${column.name} expects a number; got ${JSON.stringify(value)}`);
  }
  if ((column.type === 'integer' || column.type === 'rupiah') && !Number.isSafeInteger(value)) {
    throw new TypeError(`Column ${column.name} expects a whole number within the safe-integer range; got ${value}`);
  }
  return value;
}

/** A row of a region-year view: which office, which year, and the provenance kind of its plan. */
export interface RegionYearRow {
  region: { code: string; name: string | null };
  year: number;
  kind: string | null;
}

/** The four leading columns every region-year view shares, so their names and descriptions cannot drift apart. */
export function regionYearColumns<Row extends RegionYearRow>(): ExportColumn<Row>[] {
  return [
    column('region_code', 'text', 'Kode wilayah (region code), I … XIV', (row) => row.region.code),
    column('region_name', 'text', 'Nama kantor (office name)', (row) => row.region.name),
    column('year', 'integer', 'Tahun anggaran (fiscal year)', (row) => row.year),
    column(
      'kind',
      'text',
      'Jenis sumber (provenance kind) of the region-year’s plan: DOCUMENT or SYNTHETIC; empty without a plan',
      (row) => row.kind,
    ),
  ];
}
