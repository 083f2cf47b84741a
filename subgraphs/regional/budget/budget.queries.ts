import { sql, type Kysely } from 'kysely';
import { jsonBuildObject } from 'kysely/helpers/postgres';
import { compiledOnce } from '../../../shared/database/compiled-once.ts';
import type { BudgetLineRow, RegionalDatabase } from '../database/regional-database.types.ts';
import { ROLLED_UP_LEVELS, type RollupLine, type RollupRealisation } from './budget-realisation-rollup.ts';

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

/** One row of a budget comparison batch: a year's current plan and one line of its budget tree. */
export interface BudgetCellRow {
  year: number;
  plan_kind: string;
  /** null when the plan has no line the batch needs. */
  treeLine: RollupLine | null;
  /** The whole line, only where its code is one the batch asked for; null for the tree's other lines. */
  line: BudgetLineRow | null;
  /** The line's imported realisations: what the rollup reads of them (a cell shows no realisation's provenance). */
  realisations: RollupRealisation[];
}

/**
 * The levels a realisation rolls up through (RO lines carry the imported figures; see budget-realisation-rollup.ts).
 */
const TREE_LEVELS = ['PROGRAM', 'KEGIATAN', 'KRO', 'RO'];

/** Columns a cell shows but the rollup does not read: selected only for the lines with a requested code. */
const SHOWN_ONLY_COLUMNS = ['printed_code', 'name', 'volume', 'volume_unit', 'amount', 'source', 'flags'] as const;

/**
 * Imported realisations as the rollup reads them (code, period, amount as text: exact), one JSON array per
 * (year, code), to be joined to budget lines. Aggregated once and joined, not a subquery per line: that
 * scanned the realisations once for each line (2.4 ms of a 2.5 ms execution for 160 lines, 0.5 ms joined).
 */
function realisationsPerYearAndCode(db: Kysely<RegionalDatabase>) {
  return db
    .selectFrom('budget_realisation as realisation')
    .select(['realisation.year', 'realisation.budget_code'])
    .select((eb) =>
      eb.fn
        .jsonAgg(
          jsonBuildObject({
            budget_code: eb.ref('realisation.budget_code'),
            period: eb.ref('realisation.period'),
            amount: sql<string>`realisation.amount::text`,
          }),
        )
        .as('realisations'),
    )
    .groupBy(['realisation.year', 'realisation.budget_code']);
}

/**
 * Every budget comparison cell of a batch in one query: the current plans of the years, left-joined to their
 * lines with the codes and to the lines below those whose realisation is summed from below (PROGRAM, KEGIATAN,
 * KRO; recursively, down to RO: what a realisation rolls up through), so that a plan without them still gives
 * its kind. A comparison of RO lines reads those lines alone.
 * - A line below whose code was not asked for comes with what the rollup reads (code, level, parent) and nulls:
 *   its provenance and flags (JSON parsed per row) were most of the rows' parsing.
 * - Each line's realisations come as a JSON array (`realisationsPerYearAndCode`).
 * Compiled once: the years and codes are two array parameters, whatever their number.
 */
const budgetCellsQuery = compiledOnce(
  (db: Kysely<RegionalDatabase>, years: readonly number[], codes: readonly string[]) =>
    db
      .withRecursive('tree(id, plan_id, code, level)', (db) =>
        db
          .selectFrom('budget_line as line')
          .innerJoin('work_plan as plan', 'plan.id', 'line.plan_id')
          .where('plan.is_current', '=', true)
          .where((eb) => eb('plan.year', '=', eb.fn.any(eb.val(years))))
          .where((eb) => eb('line.code', '=', eb.fn.any(eb.val(codes))))
          .select(['line.id', 'line.plan_id', 'line.code', 'line.level'])
          .union((db) =>
            db
              .selectFrom('budget_line as child')
              .innerJoin('tree', (join) =>
                join.onRef('child.plan_id', '=', 'tree.plan_id').onRef('child.parent_code', '=', 'tree.code'),
              )
              .where('tree.level', 'in', ROLLED_UP_LEVELS)
              .where('child.level', 'in', TREE_LEVELS)
              .select(['child.id', 'child.plan_id', 'child.code', 'child.level']),
          ),
      )
      .selectFrom('work_plan as plan')
      .leftJoin('tree', 'tree.plan_id', 'plan.id')
      .leftJoin('budget_line as line', 'line.id', 'tree.id')
      .where('plan.is_current', '=', true)
      .where((eb) => eb('plan.year', '=', eb.fn.any(eb.val(years))))
      .select(['plan.year as plan_year', 'plan.kind as plan_kind'])
      .select(['line.id', 'line.plan_id', 'line.position', 'line.code', 'line.level', 'line.parent_code'])
      .select((eb) => eb('line.code', '=', eb.fn.any(eb.val(codes))).as('requested'))
      .select((eb) =>
        SHOWN_ONLY_COLUMNS.map((column) =>
          eb
            .case()
            .when('line.code', '=', eb.fn.any(eb.val(codes)))
            .then(eb.ref(`line.${column}`))
            .end()
            .as(column),
        ),
      )
      .leftJoin(
        realisationsPerYearAndCode(db)
          .where((eb) => eb('realisation.year', '=', eb.fn.any(eb.val(years))))
          .as('realised'),
        (join) => join.onRef('realised.year', '=', 'plan.year').onRef('realised.budget_code', '=', 'line.code'),
      )
      .select(sql<RollupRealisation[]>`coalesce(realised.realisations, '[]')`.as('realisations')),
);

export async function findBudgetCells(
  db: Kysely<RegionalDatabase>,
  years: readonly number[],
  codes: readonly string[],
): Promise<BudgetCellRow[]> {
  const rows = await budgetCellsQuery(db, years, codes);
  return rows.map(({ plan_year, plan_kind, realisations, requested, ...line }) => ({
    year: plan_year,
    plan_kind,
    treeLine: line.id === null ? null : { code: line.code!, level: line.level!, parent_code: line.parent_code },
    line: requested ? (line as BudgetLineRow) : null,
    realisations,
  }));
}

/**
 * What a plan's total realisation (`planRealisation`) reads, for a batch of plans in one query: the plans' top
 * lines, and below each PROGRAM, KEGIATAN or KRO line its children, recursively (a line of another level has
 * only its own figure), each with code, level, parent and its realisations. The rest of a plan's lines (its
 * KOMPONEN and SUB_KOMPONEN, most of them) and every provenance and flag stay out: the total reads none of them,
 * and pg parsed two JSON values for each such row.
 */
export const findPlanTreeLines = compiledOnce((db: Kysely<RegionalDatabase>, planIds: readonly number[]) =>
  db
    .withRecursive('tree(plan_id, code, level, parent_code)', (db) =>
      db
        .selectFrom('budget_line as line')
        .where((eb) => eb('line.plan_id', '=', eb.fn.any(eb.val(planIds))))
        .where('line.parent_code', 'is', null)
        .select(['line.plan_id', 'line.code', 'line.level', 'line.parent_code'])
        .union((db) =>
          db
            .selectFrom('budget_line as child')
            .innerJoin('tree', (join) =>
              join.onRef('child.plan_id', '=', 'tree.plan_id').onRef('child.parent_code', '=', 'tree.code'),
            )
            .where('tree.level', 'in', ROLLED_UP_LEVELS)
            .select(['child.plan_id', 'child.code', 'child.level', 'child.parent_code']),
        ),
    )
    .selectFrom('tree')
    .innerJoin('work_plan as plan', 'plan.id', 'tree.plan_id')
    .leftJoin(
      realisationsPerYearAndCode(db)
        .where((eb) =>
          eb(
            'realisation.year',
            'in',
            eb
              .selectFrom('work_plan')
              .select('work_plan.year')
              .where('work_plan.id', '=', eb.fn.any(eb.val(planIds))),
          ),
        )
        .as('realised'),
      (join) => join.onRef('realised.year', '=', 'plan.year').onRef('realised.budget_code', '=', 'tree.code'),
    )
    .select(['tree.plan_id', 'tree.code', 'tree.level', 'tree.parent_code'])
    .select(sql<RollupRealisation[]>`coalesce(realised.realisations, '[]')`.as('realisations')),
);
