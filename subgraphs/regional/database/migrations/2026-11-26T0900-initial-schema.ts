import { sql, type Kysely, type Migration } from 'kysely';

/** Frozen in time: the first shape of a region's database. Never edit; add a new migration. */
export const initialSchema: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen in time, a migration must not depend on today's table types
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('work_plan')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('year', 'integer', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('document_file', 'text', (c) => c.notNull())
      .addColumn('document_title', 'text', (c) => c.notNull())
      .addColumn('total_budget', 'bigint')
      .addColumn('total_budget_source', 'jsonb')
      .addColumn('flags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('loaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('strategic_goal')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_plan.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('number', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('perspective', 'text', (c) => c.notNull())
      .addColumn('source', 'jsonb', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('indicator_target')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_plan.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('national_indicator_id', 'text', (c) => c.notNull())
      .addColumn('goal_number', 'text')
      .addColumn('target', 'numeric')
      .addColumn('target_source', 'jsonb')
      .addColumn('realisation', 'numeric')
      .addColumn('realisation_source', 'jsonb')
      .addColumn('revised_from', 'numeric')
      .addColumn('revision_reason', 'text')
      .addColumn('revision_source', 'jsonb')
      .addColumn('flags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addUniqueConstraint('indicator_target_plan_code_unique', ['plan_id', 'code'])
      .execute();
    await db.schema
      .createIndex('indicator_target_national_indicator_idx')
      .on('indicator_target')
      .columns(['national_indicator_id', 'plan_id'])
      .execute();

    await db.schema
      .createTable('budget_line')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_plan.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('printed_code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('parent_code', 'text')
      .addColumn('volume', 'numeric')
      .addColumn('volume_unit', 'text')
      .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount >= 0`))
      .addColumn('source', 'jsonb', (c) => c.notNull())
      .addColumn('flags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addUniqueConstraint('budget_line_plan_code_unique', ['plan_id', 'code'])
      .execute();

    await db.schema
      .createTable('spending_split')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_plan.id').onDelete('cascade'))
      .addColumn('spending_type', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount >= 0`))
      .addColumn('source', 'jsonb', (c) => c.notNull())
      .addUniqueConstraint('spending_split_plan_type_unique', ['plan_id', 'spending_type'])
      .execute();

    await db.schema
      .createTable('budget_allocation')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_plan.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount >= 0`))
      .addColumn('indicator_codes', sql`text[]`, (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('source', 'jsonb', (c) => c.notNull())
      .addColumn('flags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .execute();

    await db.schema
      .createTable('staff_headcount')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_plan.id').onDelete('cascade'))
      .addColumn('as_of', 'date', (c) => c.notNull())
      .addColumn('dimension', 'text', (c) => c.notNull())
      .addColumn('category', 'text')
      .addColumn('count', 'integer', (c) => c.notNull().check(sql`count >= 0`))
      .addColumn('source', 'jsonb', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('staff_movement')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_plan.id').onDelete('cascade'))
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('movement_type', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull().check(sql`count >= 0`))
      .addColumn('counterpart', 'text')
      .addColumn('source', 'jsonb', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('organisation_unit')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_plan.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('unit_type', 'text', (c) => c.notNull())
      .addColumn('parent_name', 'text')
      .addColumn('source', 'jsonb', (c) => c.notNull())
      .execute();

    for (const table of [
      'strategic_goal',
      'indicator_target',
      'budget_line',
      'spending_split',
      'budget_allocation',
      'staff_headcount',
      'staff_movement',
      'organisation_unit',
    ]) {
      await db.schema.createIndex(`${table}_plan_idx`).on(table).column('plan_id').execute();
    }
  },
};
