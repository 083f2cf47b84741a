import type { Kysely } from 'kysely';
import type {
  PlanChangeRow,
  RegionalDatabase,
  StrategicGoalRow,
  WorkPlanRow,
} from '../database/regional-database.types.ts';

/** Every column but the stored plan file, which only the importer needs. */
const PLAN_COLUMNS = [
  'id',
  'year',
  'kind',
  'document_file',
  'document_title',
  'total_budget',
  'total_budget_source',
  'flags',
  'content_hash',
  'loaded_at',
  'revision',
  'is_current',
  'superseded_at',
] as const;

export type PlanRow = Omit<WorkPlanRow, 'content'>;

/** The served (current) revision of each year. */
export function findCurrentPlansByYears(db: Kysely<RegionalDatabase>, years: readonly number[]): Promise<PlanRow[]> {
  return db
    .selectFrom('work_plan')
    .select(PLAN_COLUMNS)
    .where('year', 'in', [...years])
    .where('is_current', '=', true)
    .execute();
}

export function findCurrentPlans(db: Kysely<RegionalDatabase>): Promise<PlanRow[]> {
  return db.selectFrom('work_plan').select(PLAN_COLUMNS).where('is_current', '=', true).orderBy('year').execute();
}

/** Every revision of each year, oldest first. */
export function findPlanRevisionsByYears(db: Kysely<RegionalDatabase>, years: readonly number[]): Promise<PlanRow[]> {
  return db
    .selectFrom('work_plan')
    .select(PLAN_COLUMNS)
    .where('year', 'in', [...years])
    .orderBy('year')
    .orderBy('revision')
    .execute();
}

export function findPlanChangesByPlanIds(
  db: Kysely<RegionalDatabase>,
  planIds: readonly number[],
): Promise<PlanChangeRow[]> {
  return db
    .selectFrom('plan_change')
    .selectAll()
    .where('plan_id', 'in', [...planIds])
    .orderBy('position')
    .execute();
}

export function findStrategicGoalsByPlanIds(
  db: Kysely<RegionalDatabase>,
  planIds: readonly number[],
): Promise<StrategicGoalRow[]> {
  return db
    .selectFrom('strategic_goal')
    .selectAll()
    .where('plan_id', 'in', [...planIds])
    .orderBy('position')
    .execute();
}
