/**
 * Each plan's total realisation is stored when its import writes it (`storePlanRealisations`), because it
 * changes only then and rolling the plan's budget tree up on every request was half of a region's CPU for a
 * budget comparison (docs/performance.md, eighteenth pass). The writers: a plan's import (its new revision's
 * tree), a realisation import (every revision of that year), and the service's start for any plan without a
 * row (`storeMissingPlanRealisations`: imported before the table existed). A plan still without one is rolled
 * up when asked. A change to how a total rolls up must empty the table in a migration, so that no total
 * stored by the old rule is served; the next start stores them again by the new rule.
 */
import type { Kysely, Selectable } from 'kysely';
import { compiledOnce } from '../../../shared/database/compiled-once.ts';
import { jsonText } from '../../../shared/database/column-types.ts';
import type { PlanRealisationTotalTable, RegionalDatabase } from '../database/regional-database.types.ts';
import {
  planRealisation,
  type RealisationBasis,
  type RealisationMissing,
  rollUpRealisations,
} from './budget-realisation-rollup.ts';
import { findPlanTreeLines } from './budget.queries.ts';

/** A plan's total realisation: its top lines summed as a PROGRAM sums its KEGIATAN lines. */
export type PlanRealisation = ReturnType<typeof planRealisation>;

/** Rolls up the plans' totals from their trees and their years' realisations: one query for the batch. */
export async function rollUpPlanRealisations(
  db: Kysely<RegionalDatabase>,
  planIds: readonly number[],
): Promise<Map<number, PlanRealisation>> {
  const rows = await findPlanTreeLines(db, planIds);
  return new Map(
    planIds.map((planId) => {
      const lines = rows.filter((row) => row.plan_id === planId);
      const rolledUp = rollUpRealisations(
        lines,
        lines.flatMap((line) => line.realisations),
      );
      return [planId, planRealisation(lines, rolledUp)] as const;
    }),
  );
}

/** A total as its row stores it: each period's amount as decimal text, exact. */
function storedRowOf(total: PlanRealisation) {
  return {
    by_period: jsonText(Object.fromEntries([...total.byPeriod].map(([period, amount]) => [period, `${amount}`]))),
    basis: total.basis,
    missing: total.missing,
    note: total.note,
  };
}

function storedRowsOf(totals: Map<number, PlanRealisation>) {
  return [...totals].map(([planId, total]) => ({ plan_id: planId, ...storedRowOf(total) }));
}

/** The total a stored row holds: `storedRowOf` read back. */
function totalOfStoredRow(row: Selectable<PlanRealisationTotalTable>): PlanRealisation {
  return {
    byPeriod: new Map(Object.entries(row.by_period).map(([period, amount]) => [period, BigInt(amount)])),
    basis: row.basis as RealisationBasis | null,
    missing: row.missing as RealisationMissing | null,
    note: row.note,
  };
}

/** Rolls up and stores the plans' totals, replacing what was stored for them; inside the import's transaction. */
export async function storePlanRealisations(db: Kysely<RegionalDatabase>, planIds: readonly number[]): Promise<void> {
  if (planIds.length === 0) return;
  const totals = await rollUpPlanRealisations(db, planIds);
  await db.deleteFrom('plan_realisation_total').where('plan_id', 'in', planIds).execute();
  await db.insertInto('plan_realisation_total').values(storedRowsOf(totals)).execute();
}

/**
 * Stores the totals of the plans that have none: those imported before totals were stored (a migration is
 * frozen in time and must not call today's rollup, so the service does it after migrating). An import that
 * commits meanwhile stores its own plans' totals, and those are kept: its rows win over this one's.
 */
export async function storeMissingPlanRealisations(db: Kysely<RegionalDatabase>): Promise<number> {
  const unstored = await db
    .selectFrom('work_plan')
    .select('id')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('plan_realisation_total').select('plan_id').whereRef('plan_id', '=', 'work_plan.id'))),
    )
    .execute();
  if (unstored.length === 0) return 0;
  const totals = await rollUpPlanRealisations(
    db,
    unstored.map((row) => row.id),
  );
  await db
    .insertInto('plan_realisation_total')
    .values(storedRowsOf(totals))
    .onConflict((oc) => oc.column('plan_id').doNothing())
    .execute();
  return totals.size;
}

/** Every revision of the year's plan: the ones whose total a realisation import of that year changes. */
export async function planIdsOfYear(db: Kysely<RegionalDatabase>, year: number): Promise<number[]> {
  const rows = await db.selectFrom('work_plan').select('id').where('year', '=', year).execute();
  return rows.map((row) => row.id);
}

const findStoredPlanRealisations = compiledOnce((db: Kysely<RegionalDatabase>, planIds: readonly number[]) =>
  db
    .selectFrom('plan_realisation_total')
    .selectAll()
    .where((eb) => eb('plan_id', '=', eb.fn.any(eb.val(planIds)))),
);

/** The plans' totals as stored, and rolled up for any plan without a stored one. */
export async function findPlanRealisations(
  db: Kysely<RegionalDatabase>,
  planIds: readonly number[],
): Promise<PlanRealisation[]> {
  const stored = new Map(
    (await findStoredPlanRealisations(db, planIds)).map((row) => [row.plan_id, totalOfStoredRow(row)] as const),
  );
  const unstored = planIds.filter((planId) => !stored.has(planId));
  const rolledUp = unstored.length ? await rollUpPlanRealisations(db, unstored) : new Map<number, PlanRealisation>();
  return planIds.map((planId) => (stored.get(planId) ?? rolledUp.get(planId))!);
}
