import { sql, type Kysely, type Migration } from 'kysely';

/** Frozen in time: the first shape of the national reference database. Never edit; add a new migration. */
export const initialSchema: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen in time, a migration must not depend on today's table types
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('region')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('city', 'text', (c) => c.notNull())
      .addColumn('provinces', 'jsonb', (c) => c.notNull())
      .addColumn('work_area_note', 'text')
      .execute();

    await db.schema
      .createTable('indicator')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('perspective', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('higher_is_better', 'boolean', (c) => c.notNull())
      .execute();

    // Which region-years have a plan: the rows of the comparison grid when no years are asked.
    await db.schema
      .createTable('plan_registry')
      .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('document_file', 'text', (c) => c.notNull())
      .addColumn('registered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('plan_registry_pk', ['region_code', 'year'])
      .execute();

    // The crosswalk: every region-year's local indicator code → national indicator.
    await db.schema
      .createTable('indicator_code')
      .addColumn('region_code', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('local_code', 'text', (c) => c.notNull())
      .addColumn('indicator_id', 'text', (c) => c.notNull().references('indicator.id'))
      .addPrimaryKeyConstraint('indicator_code_pk', ['region_code', 'year', 'local_code'])
      .addForeignKeyConstraint(
        'indicator_code_plan_fk',
        ['region_code', 'year'],
        'plan_registry',
        ['region_code', 'year'],
        (c) => c.onDelete('cascade'),
      )
      .execute();
    await db.schema
      .createIndex('indicator_code_indicator_idx')
      .on('indicator_code')
      .columns(['indicator_id', 'region_code', 'year'])
      .execute();
  },
};
