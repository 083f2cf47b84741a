import type { RegionCode } from '../../../shared/regions/region-codes.ts';
import { type RegionYearKey, regionYearGrid } from './comparison-cell-key.ts';
import type { GridQuestion } from './comparison-grid.ts';

/** A region-year that has a plan, and the plan's kind (DOCUMENT, SYNTHETIC): a row of the plan registry. */
export interface PlanKind {
  regionCode: RegionCode;
  year: number;
  kind: string;
}

/**
 * The region-years a staff comparison lists, region-major, one per region and year asked. With `kinds`, only
 * those whose plan is of an asked kind (a region-year without a plan has no kind, so it goes too); the
 * regions fill each one's staff figures. Unlike the budget and indicator cells, no previous year is laid out:
 * a staff comparison computes no change.
 */
export function staffComparisonCells(
  question: Pick<GridQuestion, 'regions' | 'years' | 'kinds'>,
  plans: readonly PlanKind[],
): RegionYearKey[] {
  const kindOf = regionYearGrid(plans.map((plan) => [plan, plan.kind] as const));
  return question.regions.flatMap((regionCode) =>
    question.years
      .filter((year) => !question.kinds || question.kinds.includes(kindOf.get({ regionCode, year }) ?? ''))
      .map((year) => ({ regionCode, year })),
  );
}
