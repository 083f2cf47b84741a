import type { Kysely, Migration } from 'kysely';

/** Frozen in time: the budget nomenclature, so that budget codes are joined only where they mean the same thing. */
export const budgetNomenclature: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen in time, a migration must not depend on today's table types
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('budget_nomenclature_item')
      .addColumn('version_id', 'text', (c) => c.notNull())
      .addColumn('version_name', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'integer', (c) => c.notNull())
      .addColumn('valid_to', 'integer')
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('budget_nomenclature_item_pk', ['version_id', 'code'])
      .execute();
  },
};
