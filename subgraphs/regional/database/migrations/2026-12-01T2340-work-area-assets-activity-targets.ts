import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Frozen in time. The figures a plan states about the office itself: its work area (provinces, agencies
 * served by kind, the printed total), its assets and the volume targets of its activities. A plan without a
 * `work_area` row states no work area: unknown, which is not the same as zero agencies.
 */
export const workAreaAssetsActivityTargets: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen in time, a migration must not depend on today's table types
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('work_area')
      .addColumn('plan_id', 'integer', (c) => c.primaryKey().references('work_plan.id').onDelete('cascade'))
      .addColumn('total_agencies', 'integer', (c) => c.check(sql`total_agencies >= 0`))
      .addColumn('total_scope', 'text')
      .addColumn('total_source', 'jsonb')
      .addColumn('flags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .execute();

    await db.schema
      .createTable('work_area_province')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_area.plan_id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('source', 'jsonb', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('work_area_agency')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_area.plan_id').onDelete('cascade'))
      .addColumn('agency_kind', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull().check(sql`count >= 0`))
      .addColumn('source', 'jsonb', (c) => c.notNull())
      .addUniqueConstraint('work_area_agency_unique', ['plan_id', 'agency_kind'])
      .execute();

    await db.schema
      .createTable('office_asset')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_plan.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull().check(sql`count >= 0`))
      .addColumn('unit', 'text')
      .addColumn('placed_at', 'text')
      .addColumn('part_of', 'text')
      .addColumn('source', 'jsonb', (c) => c.notNull())
      .addColumn('flags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .execute();

    await db.schema
      .createTable('activity_target')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_plan.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('activity', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('target', 'numeric', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('budget_code', 'text')
      .addColumn('source', 'jsonb', (c) => c.notNull())
      .addColumn('flags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .execute();

    for (const table of ['work_area_province', 'work_area_agency', 'office_asset', 'activity_target']) {
      await db.schema.createIndex(`${table}_plan_idx`).on(table).column('plan_id').execute();
    }
  },
};
