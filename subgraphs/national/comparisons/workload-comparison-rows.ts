import type { RegionCode } from '../../../shared/regions/region-codes.ts';
import type { CellGrid, RegionYearKey } from './comparison-cell-key.ts';
import type { GridQuestion } from './comparison-grid.ts';
import { type Ranked, rankRowsEachYear } from './comparison-ranking.ts';
import type { RegionYearFigures } from './filled-cells.ts';
import { type MissingReason, regionYearMissing } from './missing-reason.ts';
import { ratio } from './ratio.ts';
import { budgetPerAgency } from './spending-comparison-rows.ts';

/** An input of the workload figures (the schema's WorkloadInput). */
export type WorkloadInput = 'AGENCIES_SERVED' | 'HEADCOUNT' | 'TOTAL_BUDGET';

export interface WorkloadComparisonRow extends Ranked {
  region: { code: RegionCode };
  year: number;
  kind: string | null;
  agenciesServed: number | null;
  headcount: number | null;
  totalBudget: number | null;
  agenciesPerStaff: number | null;
  staffPerAgency: number | null;
  budgetPerAgency: number | null;
  /** The inputs the row lacks: every derived figure that needs one of them is null. */
  unknownInputs: WorkloadInput[];
  /** Why the row has no agenciesPerStaff (and so no rank); null when it has one. */
  missing: MissingReason | null;
}

function unknownInputsOf(figures: RegionYearFigures | null): WorkloadInput[] {
  const inputs: Array<[WorkloadInput, number | null | undefined]> = [
    ['AGENCIES_SERVED', figures?.agenciesServed],
    ['HEADCOUNT', figures?.headcount],
    ['TOTAL_BUDGET', figures?.totalBudget],
  ];
  return inputs.filter(([, value]) => value == null).map(([input]) => input);
}

function workloadRow(
  regionCode: RegionCode,
  year: number,
  cell: RegionYearFigures | null,
  kinds: GridQuestion['kinds'],
): Omit<WorkloadComparisonRow, keyof Ranked> {
  const unusable = regionYearMissing(cell, kinds);
  const usable = unusable === null ? cell : null;
  const agenciesServed = usable?.agenciesServed ?? null;
  const headcount = usable?.headcount ?? null;
  const totalBudget = usable?.totalBudget ?? null;
  const agenciesPerStaff = ratio(agenciesServed, headcount);
  return {
    region: { code: regionCode },
    year,
    kind: cell?.kind ?? null,
    agenciesServed,
    headcount,
    totalBudget,
    agenciesPerStaff,
    staffPerAgency: ratio(headcount, agenciesServed),
    budgetPerAgency: budgetPerAgency(totalBudget, agenciesServed),
    unknownInputs: unknownInputsOf(usable),
    missing: unusable ?? (agenciesPerStaff === null ? 'NO_VALUE' : null),
  };
}

/**
 * One row per region × year asked (region-major): the agencies the office serves, its headcount, its total
 * budget and the load they make, ranked within each year by agencies per staff member (higher = more load;
 * ties share a rank). A row keeps the inputs it has even when a ratio cannot be formed; region-years of a
 * kind the question left out are not listed.
 */
export function workloadComparisonRows(
  question: Pick<GridQuestion, 'regions' | 'years' | 'kinds'>,
  cells: CellGrid<RegionYearKey, RegionYearFigures | null>,
): WorkloadComparisonRow[] {
  const rows = question.regions
    .flatMap((regionCode) =>
      question.years.map((year) =>
        workloadRow(regionCode, year, cells.get({ regionCode, year }) ?? null, question.kinds),
      ),
    )
    .filter((row) => row.missing !== 'EXCLUDED_KIND');
  return rankRowsEachYear(rows, (row) => row.agenciesPerStaff, true);
}
