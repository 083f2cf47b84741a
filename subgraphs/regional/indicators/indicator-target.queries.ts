import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { compiledOnce } from '../../../shared/database/compiled-once.ts';
import type {
  BudgetAllocationRow,
  IndicatorRealisationRow,
  IndicatorTargetRow,
  RegionalDatabase,
} from '../database/regional-database.types.ts';

export const findIndicatorTargetsByPlanIds = compiledOnce((db: Kysely<RegionalDatabase>, planIds: readonly number[]) =>
  db
    .selectFrom('indicator_target')
    .selectAll()
    .where((eb) => eb('plan_id', '=', eb.fn.any(eb.val(planIds))))
    .orderBy('position'),
);

export const findIndicatorRealisationsByYears = compiledOnce((db: Kysely<RegionalDatabase>, years: readonly number[]) =>
  db
    .selectFrom('indicator_realisation')
    .selectAll()
    .where((eb) => eb('year', '=', eb.fn.any(eb.val(years))))
    .orderBy('indicator_code')
    .orderBy('period'),
);

/** One cell of an indicator comparison: the year's current plan, its row for the indicator, and what that row needs. */
export interface IndicatorCellRow {
  year: number;
  plan_kind: string;
  /** null when the plan has no row for any of the requested indicators. */
  target: IndicatorTargetRow | null;
  /** The row's own realisations (every period), not the year's. */
  realisations: IndicatorRealisationRow[];
  /** The plan's allocations that name the row's code. */
  allocations: BudgetAllocationRow[];
  /** The total of agencies the plan's work area prints; null where it states none. */
  agencies_served: number | null;
}

/**
 * Every comparison cell of a batch in one query: the current plans of the years, left-joined to their rows for
 * the indicators (a plan without the indicator still gives its kind), with each row's realisations and linked
 * allocations as JSON arrays. Bigint amounts travel as text inside the JSON, so that they stay exact. Compiled
 * once: the years and indicators are two array parameters, whatever their number.
 */
const indicatorCellsQuery = compiledOnce(
  (db: Kysely<RegionalDatabase>, years: readonly number[], indicatorIds: readonly string[]) =>
    db
      .selectFrom('work_plan as plan')
      .leftJoin('indicator_target as target', (join) =>
        join
          .onRef('target.plan_id', '=', 'plan.id')
          .on((eb) => eb('target.national_indicator_id', '=', eb.fn.any(eb.val(indicatorIds)))),
      )
      .where('plan.is_current', '=', true)
      .where((eb) => eb('plan.year', '=', eb.fn.any(eb.val(years))))
      .selectAll('target')
      .select(['plan.year as plan_year', 'plan.kind as plan_kind'])
      .select((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('indicator_realisation as realisation')
            .selectAll('realisation')
            .whereRef('realisation.year', '=', 'plan.year')
            .whereRef('realisation.indicator_code', '=', 'target.code'),
        ).as('realisations'),
        jsonArrayFrom(
          eb
            .selectFrom('budget_allocation as allocation')
            .select([
              'allocation.id',
              'allocation.plan_id',
              'allocation.position',
              'allocation.indicator_codes',
              'allocation.description',
              'allocation.source',
              'allocation.flags',
            ])
            .select(sql<string>`allocation.amount::text`.as('amount'))
            .whereRef('allocation.plan_id', '=', 'plan.id')
            .where(sql<boolean>`target.code = any(allocation.indicator_codes)`)
            .orderBy('allocation.position'),
        ).as('allocations'),
        eb
          .selectFrom('work_area')
          .select('work_area.total_agencies')
          .whereRef('work_area.plan_id', '=', 'plan.id')
          .as('agencies_served'),
      ]),
);

export async function findIndicatorCells(
  db: Kysely<RegionalDatabase>,
  years: readonly number[],
  indicatorIds: readonly string[],
): Promise<IndicatorCellRow[]> {
  const rows = await indicatorCellsQuery(db, years, indicatorIds);
  return rows.map(({ plan_year, plan_kind, realisations, allocations, agencies_served, ...target }) => ({
    year: plan_year,
    plan_kind,
    agencies_served: agencies_served ?? null,
    target: target.id === null ? null : (target as IndicatorTargetRow),
    realisations: realisations as IndicatorRealisationRow[],
    allocations: allocations as BudgetAllocationRow[],
  }));
}
