/** Why a comparison row has no figures (the schema's MissingReason). */
export type MissingReason = 'REGION_UNAVAILABLE' | 'NO_PLAN' | 'EXCLUDED_KIND' | 'NO_VALUE' | 'NOT_IN_NOMENCLATURE';

/**
 * Why a region-year cell cannot be used as a whole, or null when it can: its region did not answer, it has
 * no plan, or its plan is of a kind the question left out (`kinds` null: every kind is asked).
 */
export function regionYearMissing(
  cell: { filled?: boolean | null; kind?: string | null } | null | undefined,
  kinds: readonly string[] | null,
): 'REGION_UNAVAILABLE' | 'NO_PLAN' | 'EXCLUDED_KIND' | null {
  if (cell?.filled !== true) return 'REGION_UNAVAILABLE';
  if (!cell.kind) return 'NO_PLAN';
  if (kinds && !kinds.includes(cell.kind)) return 'EXCLUDED_KIND';
  return null;
}
