import type { Kysely } from 'kysely';
import { compiledOnce } from '../../../shared/database/compiled-once.ts';
import type { RegionalDatabase, WorkPlanRow } from '../database/regional-database.types.ts';

/** Every column but the stored plan file, which only the importer needs (and which is large). */
export const PLAN_COLUMNS = [
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
export const findCurrentPlansByYears = compiledOnce((db: Kysely<RegionalDatabase>, years: readonly number[]) =>
  db
    .selectFrom('work_plan')
    .select(PLAN_COLUMNS)
    .where((eb) => eb('year', '=', eb.fn.any(eb.val(years))))
    .where('is_current', '=', true),
);

export function findCurrentPlans(db: Kysely<RegionalDatabase>): Promise<PlanRow[]> {
  return db.selectFrom('work_plan').select(PLAN_COLUMNS).where('is_current', '=', true).orderBy('year').execute();
}

/** Every revision of each year, oldest first. */
export const findPlanRevisionsByYears = compiledOnce((db: Kysely<RegionalDatabase>, years: readonly number[]) =>
  db
    .selectFrom('work_plan')
    .select(PLAN_COLUMNS)
    .where((eb) => eb('year', '=', eb.fn.any(eb.val(years))))
    .orderBy('year')
    .orderBy('revision'),
);

export const findPlanChangesByPlanIds = compiledOnce((db: Kysely<RegionalDatabase>, planIds: readonly number[]) =>
  db
    .selectFrom('plan_change')
    .selectAll()
    .where((eb) => eb('plan_id', '=', eb.fn.any(eb.val(planIds))))
    .orderBy('position'),
);

export const findStrategicGoalsByPlanIds = compiledOnce((db: Kysely<RegionalDatabase>, planIds: readonly number[]) =>
  db
    .selectFrom('strategic_goal')
    .selectAll()
    .where((eb) => eb('plan_id', '=', eb.fn.any(eb.val(planIds))))
    .orderBy('position'),
);
