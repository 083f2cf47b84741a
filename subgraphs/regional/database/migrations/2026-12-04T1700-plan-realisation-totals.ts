import type { Kysely, Migration } from 'kysely';

/**
 * Frozen in time. Each plan's total realisation, rolled up from its budget tree and its year's realisations when
 * either is imported (budget/plan-realisation-totals.ts), so that a comparison reads one row a plan instead of
 * rolling the tree up on every request. A plan without a row here (imported before this migration) is rolled up
 * when asked, as before.
 */
export const planRealisationTotals: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen in time, a migration must not depend on today's table types
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('plan_realisation_total')
      .addColumn('plan_id', 'integer', (c) => c.primaryKey().references('work_plan.id').onDelete('cascade'))
      .addColumn('by_period', 'jsonb', (c) => c.notNull())
      .addColumn('basis', 'text')
      .addColumn('missing', 'text')
      .addColumn('note', 'text')
      .execute();
  },
};
