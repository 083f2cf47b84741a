import type { Kysely } from 'kysely';
import type { IndicatorRealisationRow, IndicatorTargetRow, RegionalDatabase } from '../database/regional-database.types.ts';

export function findIndicatorTargetsByPlanIds(db: Kysely<RegionalDatabase>, planIds: readonly number[]): Promise<IndicatorTargetRow[]> {
  return db.selectFrom('indicator_target').selectAll().where('plan_id', 'in', [...planIds]).orderBy('position').execute();
}

export type IndicatorTargetWithYear = IndicatorTargetRow & { year: number };

/** A superset of the requested (year, indicator) pairs in one query; the loader picks each pair out. */
export function findIndicatorTargetsByYearsAndIndicators(
  db: Kysely<RegionalDatabase>,
  years: readonly number[],
  indicatorIds: readonly string[],
): Promise<IndicatorTargetWithYear[]> {
  return db
    .selectFrom('indicator_target')
    .innerJoin('work_plan', 'work_plan.id', 'indicator_target.plan_id')
    .selectAll('indicator_target')
    .select('work_plan.year')
    .where('work_plan.is_current', '=', true)
    .where('work_plan.year', 'in', [...years])
    .where('indicator_target.national_indicator_id', 'in', [...indicatorIds])
    .execute();
}

export function findIndicatorRealisationsByYears(db: Kysely<RegionalDatabase>, years: readonly number[]): Promise<IndicatorRealisationRow[]> {
  return db.selectFrom('indicator_realisation').selectAll().where('year', 'in', [...years]).orderBy('indicator_code').orderBy('period').execute();
}
