import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { compiledOnce } from '../../../shared/database/compiled-once.ts';
import type { BudgetLineRow, BudgetRealisationRow, RegionalDatabase } from '../database/regional-database.types.ts';

export const findBudgetLinesByPlanIds = compiledOnce((db: Kysely<RegionalDatabase>, planIds: readonly number[]) =>
  db
    .selectFrom('budget_line')
    .selectAll()
    .where((eb) => eb('plan_id', '=', eb.fn.any(eb.val(planIds))))
    .orderBy('position'),
);

export const findSpendingSplitsByPlanIds = compiledOnce((db: Kysely<RegionalDatabase>, planIds: readonly number[]) =>
  db
    .selectFrom('spending_split')
    .selectAll()
    .where((eb) => eb('plan_id', '=', eb.fn.any(eb.val(planIds))))
    .orderBy('id'),
);

export const findBudgetAllocationsByPlanIds = compiledOnce((db: Kysely<RegionalDatabase>, planIds: readonly number[]) =>
  db
    .selectFrom('budget_allocation')
    .selectAll()
    .where((eb) => eb('plan_id', '=', eb.fn.any(eb.val(planIds))))
    .orderBy('position'),
);

export const findBudgetRealisationsByYears = compiledOnce((db: Kysely<RegionalDatabase>, years: readonly number[]) =>
  db
    .selectFrom('budget_realisation')
    .selectAll()
    .where((eb) => eb('year', '=', eb.fn.any(eb.val(years))))
    .orderBy('budget_code')
    .orderBy('period'),
);

/** One row of a budget comparison batch: a year's current plan and one of its lines, with that line's realisations. */
export interface BudgetCellRow {
  year: number;
  plan_kind: string;
  /** null when the plan has no line the batch needs. */
  line: BudgetLineRow | null;
  realisations: BudgetRealisationRow[];
}

/**
 * The levels a realisation rolls up through (RO lines carry the imported figures; see budget-realisation-rollup.ts).
 */
const TREE_LEVELS = ['PROGRAM', 'KEGIATAN', 'KRO', 'RO'];

/**
 * Every budget comparison cell of a batch in one query: the current plans of the years, left-joined to their
 * lines with the codes and to every line from PROGRAM down to RO (what a realisation rolls up through; the
 * komponen below, most of a plan's lines, stay out), so that a plan without them still gives its kind; each
 * line's realisations as a JSON array (amounts as text inside the JSON, so that they stay exact). Compiled once:
 * the years and codes are two array parameters, whatever their number.
 */
const budgetCellsQuery = compiledOnce(
  (db: Kysely<RegionalDatabase>, years: readonly number[], codes: readonly string[]) =>
    db
      .selectFrom('work_plan as plan')
      .leftJoin('budget_line as line', (join) =>
        join
          .onRef('line.plan_id', '=', 'plan.id')
          .on((eb) => eb.or([eb('line.code', '=', eb.fn.any(eb.val(codes))), eb('line.level', 'in', TREE_LEVELS)])),
      )
      .where('plan.is_current', '=', true)
      .where((eb) => eb('plan.year', '=', eb.fn.any(eb.val(years))))
      .selectAll('line')
      .select(['plan.year as plan_year', 'plan.kind as plan_kind'])
      .select((eb) =>
        jsonArrayFrom(
          eb
            .selectFrom('budget_realisation as realisation')
            .select([
              'realisation.id',
              'realisation.year',
              'realisation.budget_code',
              'realisation.period',
              'realisation.source',
              'realisation.flags',
            ])
            .select(sql<string>`realisation.amount::text`.as('amount'))
            .whereRef('realisation.year', '=', 'plan.year')
            .whereRef('realisation.budget_code', '=', 'line.code'),
        ).as('realisations'),
      ),
);

export async function findBudgetCells(
  db: Kysely<RegionalDatabase>,
  years: readonly number[],
  codes: readonly string[],
): Promise<BudgetCellRow[]> {
  const rows = await budgetCellsQuery(db, years, codes);
  return rows.map(({ plan_year, plan_kind, realisations, ...line }) => ({
    year: plan_year,
    plan_kind,
    line: line.id === null ? null : (line as BudgetLineRow),
    realisations: realisations as BudgetRealisationRow[],
  }));
}
