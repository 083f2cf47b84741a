import type { Kysely } from 'kysely';
import type { RegionalDatabase, StrategicGoalRow, WorkPlanRow } from '../database/regional-database.types.ts';

export function findPlansByYears(db: Kysely<RegionalDatabase>, years: readonly number[]): Promise<WorkPlanRow[]> {
  return db.selectFrom('work_plan').selectAll().where('year', 'in', [...years]).execute();
}

export function findAllPlans(db: Kysely<RegionalDatabase>): Promise<WorkPlanRow[]> {
  return db.selectFrom('work_plan').selectAll().orderBy('year').execute();
}

export function findStrategicGoalsByPlanIds(db: Kysely<RegionalDatabase>, planIds: readonly number[]): Promise<StrategicGoalRow[]> {
  return db.selectFrom('strategic_goal').selectAll().where('plan_id', 'in', [...planIds]).orderBy('position').execute();
}
