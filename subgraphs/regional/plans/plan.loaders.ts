import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { RegionalDatabase, StrategicGoalRow, WorkPlanRow } from '../database/regional-database.types.ts';
import { groupByPlanId } from '../database/group-by-plan-id.ts';
import { findAllPlans, findPlansByYears, findStrategicGoalsByPlanIds } from './plan.queries.ts';

export function createPlanLoaders(db: Kysely<RegionalDatabase>) {
  return {
    /** year → that year's plan, or null. */
    planByYear: new DataLoader<number, WorkPlanRow | null>(async (years) => {
      const rows = await findPlansByYears(db, years);
      return years.map((year) => rows.find((row) => row.year === year) ?? null);
    }),
    /** A single key ("all"): every plan of the region, so that many Region references cost one query. */
    allPlans: new DataLoader<'all', WorkPlanRow[]>(async (keys) => {
      const rows = await findAllPlans(db);
      return keys.map(() => rows);
    }),
    strategicGoalsByPlanId: new DataLoader<number, StrategicGoalRow[]>(async (planIds) =>
      groupByPlanId(planIds, await findStrategicGoalsByPlanIds(db, planIds)),
    ),
  };
}
