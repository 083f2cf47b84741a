import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { IndicatorRealisationRow, IndicatorTargetRow, RegionalDatabase } from '../database/regional-database.types.ts';
import { groupByPlanId } from '../database/group-by-plan-id.ts';
import {
  findIndicatorRealisationsByYears,
  findIndicatorTargetsByPlanIds,
  findIndicatorTargetsByYearsAndIndicators,
  type IndicatorTargetWithYear,
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
    /** (national indicator, year) → the region's target row for it, or null when the plan has none. */
    indicatorTargetByIndicatorYear: new DataLoader<IndicatorYearKey, IndicatorTargetWithYear | null, string>(
      async (keys) => {
        const years = [...new Set(keys.map((key) => key.year))];
        const indicatorIds = [...new Set(keys.map((key) => key.indicatorId))];
        const rows = await findIndicatorTargetsByYearsAndIndicators(db, years, indicatorIds);
        return keys.map((key) => rows.find((row) => row.year === key.year && row.national_indicator_id === key.indicatorId) ?? null);
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
