import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { PlanChangeRow, RegionalDatabase, StrategicGoalRow } from '../database/regional-database.types.ts';
import { groupByPlanId } from '../database/group-by-plan-id.ts';
import {
  findCurrentPlans,
  findCurrentPlansByYears,
  findPlanChangesByPlanIds,
  findPlanRevisionsByYears,
  findStrategicGoalsByPlanIds,
  type PlanRow,
} from './plan.queries.ts';

export function createPlanLoaders(db: Kysely<RegionalDatabase>) {
  return {
    /** year → that year's current plan, or null. */
    planByYear: new DataLoader<number, PlanRow | null>(async (years) => {
      const rows = await findCurrentPlansByYears(db, years);
      return years.map((year) => rows.find((row) => row.year === year) ?? null);
    }),
    /** year → every revision of its plan, oldest first. */
    planRevisionsByYear: new DataLoader<number, PlanRow[]>(async (years) => {
      const rows = await findPlanRevisionsByYears(db, years);
      return years.map((year) => rows.filter((row) => row.year === year));
    }),
    /** A single key ("all"): every current plan of the region, so that many Region references cost one query. */
    allPlans: new DataLoader<'all', PlanRow[]>(async (keys) => {
      const rows = await findCurrentPlans(db);
      return keys.map(() => rows);
    }),
    planChangesByPlanId: new DataLoader<number, PlanChangeRow[]>(async (planIds) =>
      groupByPlanId(planIds, await findPlanChangesByPlanIds(db, planIds)),
    ),
    strategicGoalsByPlanId: new DataLoader<number, StrategicGoalRow[]>(async (planIds) =>
      groupByPlanId(planIds, await findStrategicGoalsByPlanIds(db, planIds)),
    ),
  };
}
