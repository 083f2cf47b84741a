// One shape for every subject (indicator, budget code, staff, spending, workload), so that each view (trend, heatmap,
// ranking, table) draws any of them: rows of region × year with named values, and the measures a chart may show.

import type { ValueFormat } from './number-formats.ts';

export type Subject = 'indicator' | 'budget' | 'staff' | 'spending' | 'workload';

/** A figure a chart can show: how it reads, whether its axis starts at zero, which way is better. */
export interface Measure {
  key: string;
  label: string;
  format: ValueFormat;
  /** Amounts and counts from zero; indices and percentages fit to the data, so that 73 … 86 does not look flat. */
  fromZero: boolean;
  higherIsBetter: boolean;
}

export interface ComparisonRow {
  regionCode: string;
  /** "VI Medan". */
  regionLabel: string;
  year: number;
  /** The region's local indicator code or the budget code. */
  code: string | null;
  kind: string | null;
  /** Why the row has no figures (a MissingReason), null when it has them. */
  missing: string | null;
  values: Record<string, number | null>;
  rank: number | null;
  rankedAmong: number | null;
}

export interface TableColumn {
  key: string;
  label: string;
  title?: string;
  numeric: boolean;
  /** What the column sorts by. */
  sortValue(row: ComparisonRow): number | string | null;
  text(row: ComparisonRow): string;
}

/** A cell the comparison has no figures for, including those the rows leave out (a kind not asked for). */
export interface MissingCell {
  regionCode: string;
  year: number;
  code: string | null;
  reason: string;
}

export interface Comparison {
  subject: Subject;
  title: string;
  note: string;
  caption: string;
  measures: Measure[];
  rows: ComparisonRow[];
  columns: TableColumn[];
  missing: MissingCell[];
  /** Summary lines, [term, description]. */
  statistics: Array<[string, string]>;
}

/** The measure asked for by key, else the subject's first. */
export function measureOf(comparison: Comparison, key: string | null): Measure {
  return comparison.measures.find((measure) => measure.key === key) ?? comparison.measures[0]!;
}

/** Rows that carry the measure, sorted best first (by the measure's direction), for one year. */
export function rankedRows(comparison: Comparison, measure: Measure, year: number): ComparisonRow[] {
  const sign = measure.higherIsBetter ? -1 : 1;
  return comparison.rows
    .filter((row) => row.year === year && row.values[measure.key] != null)
    .sort(
      (a, b) => sign * (a.values[measure.key]! - b.values[measure.key]!) || a.regionCode.localeCompare(b.regionCode),
    );
}
