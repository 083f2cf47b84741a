/**
 * One comparison cell out of a batch's rows (the years' current plans left-joined to the requested rows):
 * the year's row that matches the key; the plan alone, with `withoutRow`, when the plan lacks it; null when
 * the region has no plan for the year.
 */
export function pickCell<Row extends { year: number; plan_kind: string }>(
  rows: readonly Row[],
  year: number,
  matches: (row: Row) => boolean,
  withoutRow: (planKind: string) => Row,
): Row | null {
  const ofYear = rows.filter((row) => row.year === year);
  if (ofYear.length === 0) return null;
  return ofYear.find(matches) ?? withoutRow(ofYear[0]!.plan_kind);
}
