import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type {
  IndicatorRealisationRow,
  IndicatorTargetRow,
  RegionalDatabase,
} from '../database/regional-database.types.ts';
import { groupByPlanId } from '../database/group-by-plan-id.ts';
import { pickCell } from '../database/pick-cell.ts';
import {
  findIndicatorCells,
  findIndicatorRealisationsByYears,
  findIndicatorTargetsByPlanIds,
  type IndicatorCellRow,
} from './indicator-target.queries.ts';

export interface IndicatorYearKey {
  indicatorId: string;
  year: number;
}

export function createIndicatorLoaders(db: Kysely<RegionalDatabase>) {
  return {
    indicatorTargetsByPlanId: new DataLoader<number, IndicatorTargetRow[]>(async (planIds) =>
      groupByPlanId(planIds, await findIndicatorTargetsByPlanIds(db, planIds)),
    ),
    /**
     * (national indicator, year) → the comparison cell: the plan's kind and its row for the indicator with that
     * row's realisations and linked allocations (target null when the plan lacks the indicator); null when the
     * region has no plan for the year. One query for the whole batch, however many cells.
     */
    indicatorCellByIndicatorYear: new DataLoader<IndicatorYearKey, IndicatorCellRow | null, string>(
      async (keys) => {
        const rows = await findIndicatorCells(
          db,
          [...new Set(keys.map((key) => key.year))],
          [...new Set(keys.map((key) => key.indicatorId))],
        );
        return keys.map((key) =>
          pickCell(
            rows,
            key.year,
            (row) => row.target?.national_indicator_id === key.indicatorId,
            (planKind) => ({
              year: key.year,
              plan_kind: planKind,
              target: null,
              realisations: [],
              allocations: [],
              agencies_served: null,
            }),
          ),
        );
      },
      { cacheKeyFn: (key) => `${key.indicatorId}@${key.year}` },
    ),
    /** year → that year's imported indicator realisations (every code and period). */
    indicatorRealisationsByYear: new DataLoader<number, IndicatorRealisationRow[]>(async (years) => {
      const rows = await findIndicatorRealisationsByYears(db, years);
      return years.map((year) => rows.filter((row) => row.year === year));
    }),
  };
}
