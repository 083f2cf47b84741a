import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { compiledOnce } from '../../../shared/database/compiled-once.ts';
import type { RegionalDatabase, WorkAreaRow } from '../database/regional-database.types.ts';
import { PLAN_COLUMNS, type PlanRow } from '../plans/plan.queries.ts';

/** A RegionYear cell's figures beside its plan: what four queries in two rounds gave before. */
export interface RegionYearCellRow {
  plan: PlanRow;
  /** The plan's spending split, in stored order (amounts as text, exact). */
  spending: Array<{ spending_type: string; amount: string }>;
  /** The plan's last TOTAL headcount row's count, or null. */
  totalHeadcount: number | null;
  workArea: WorkAreaRow | null;
}

const PLAN_COLUMNS_OF_PLAN = PLAN_COLUMNS.map((column) => `plan.${column}` as const);

/**
 * Every RegionYear cell of a batch in one query: the years' current plans, each with its spending split (a JSON
 * array), its last total headcount and its work area (left-joined). A comparison's regional request then costs
 * one round trip to PostgreSQL for these cells, not four in two rounds (plan first, then split, headcounts and
 * work area by its id); each round trip costs the service a socket write and read (`docs/performance.md`,
 * eleventh pass).
 */
const regionYearCellsQuery = compiledOnce((db: Kysely<RegionalDatabase>, years: readonly number[]) =>
  db
    .selectFrom('work_plan as plan')
    .leftJoin('work_area as area', 'area.plan_id', 'plan.id')
    .select(PLAN_COLUMNS_OF_PLAN)
    .select([
      'area.plan_id as area_plan_id',
      'area.total_agencies as area_total_agencies',
      'area.total_scope as area_total_scope',
      'area.total_source as area_total_source',
      'area.flags as area_flags',
    ])
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('spending_split as split')
          .select('split.spending_type')
          .select(sql<string>`split.amount::text`.as('amount'))
          .whereRef('split.plan_id', '=', 'plan.id')
          .orderBy('split.id'),
      ).as('spending'),
      eb
        .selectFrom('staff_headcount as headcount')
        .select('headcount.count')
        .whereRef('headcount.plan_id', '=', 'plan.id')
        .where('headcount.dimension', '=', 'TOTAL')
        .orderBy('headcount.id', 'desc')
        .limit(1)
        .as('total_headcount'),
    ])
    .where('plan.is_current', '=', true)
    .where((eb) => eb('plan.year', '=', eb.fn.any(eb.val(years)))),
);

export async function findRegionYearCells(
  db: Kysely<RegionalDatabase>,
  years: readonly number[],
): Promise<RegionYearCellRow[]> {
  const rows = await regionYearCellsQuery(db, years);
  return rows.map(
    ({
      area_plan_id,
      area_total_agencies,
      area_total_scope,
      area_total_source,
      area_flags,
      spending,
      total_headcount,
      ...plan
    }) => ({
      plan,
      spending,
      totalHeadcount: total_headcount,
      workArea:
        area_plan_id === null
          ? null
          : {
              plan_id: area_plan_id,
              total_agencies: area_total_agencies,
              total_scope: area_total_scope,
              total_source: area_total_source,
              flags: area_flags!,
            },
    }),
  );
}
