import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Frozen in time. A region-year keeps every revision of its plan (Renja perubahan): the current one is
 * served, the earlier ones stay queryable with what changed. Realisations arrive in their own files.
 */
export const revisionsAndRealisations: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen in time, a migration must not depend on today's table types
  async up(db: Kysely<any>) {
    await db.schema.alterTable('work_plan').dropConstraint('work_plan_year_key').execute();
    await db.schema
      .alterTable('work_plan')
      .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .alterTable('work_plan')
      .addColumn('is_current', 'boolean', (c) => c.notNull().defaultTo(true))
      .execute();
    await db.schema.alterTable('work_plan').addColumn('superseded_at', 'timestamptz').execute();
    // The validated plan file, so that the next revision can say what changed.
    await db.schema.alterTable('work_plan').addColumn('content', 'jsonb').execute();
    await db.schema
      .createIndex('work_plan_current_year_unique')
      .on('work_plan')
      .column('year')
      .unique()
      .where(sql.ref('is_current'), '=', true)
      .execute();
    await db.schema
      .createIndex('work_plan_year_revision_unique')
      .on('work_plan')
      .columns(['year', 'revision'])
      .unique()
      .execute();

    await db.schema
      .createTable('plan_change')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_plan.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('item', 'text', (c) => c.notNull())
      .addColumn('field', 'text', (c) => c.notNull())
      .addColumn('before', 'jsonb')
      .addColumn('after', 'jsonb')
      .execute();
    await db.schema.createIndex('plan_change_plan_idx').on('plan_change').column('plan_id').execute();

    await db.schema
      .createTable('realisation_import')
      .addColumn('year', 'integer', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('document_file', 'text', (c) => c.notNull())
      .addColumn('document_title', 'text', (c) => c.notNull())
      .addColumn('flags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('indicator_realisation')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('year', 'integer', (c) => c.notNull().references('realisation_import.year').onDelete('cascade'))
      .addColumn('indicator_code', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('value', 'numeric', (c) => c.notNull())
      .addColumn('source', 'jsonb', (c) => c.notNull())
      .addColumn('flags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addUniqueConstraint('indicator_realisation_unique', ['year', 'indicator_code', 'period'])
      .execute();

    await db.schema
      .createTable('budget_realisation')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('year', 'integer', (c) => c.notNull().references('realisation_import.year').onDelete('cascade'))
      .addColumn('budget_code', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount >= 0`))
      .addColumn('source', 'jsonb', (c) => c.notNull())
      .addColumn('flags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addUniqueConstraint('budget_realisation_unique', ['year', 'budget_code', 'period'])
      .execute();
  },
};
