import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Frozen in time: the content hash of what each region-year's last import made current, written in the
 * same transaction as the plan registry and the data version. An import that finds its plan already
 * stored ("unchanged") but its hash missing here knows the registry and the data version lag behind a
 * killed run, and moves them.
 */
export const importedContent: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen in time, a migration must not depend on today's table types
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('imported_content')
      .addColumn('region_code', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('file_kind', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('imported_content_pkey', ['region_code', 'year', 'file_kind'])
      .execute();
  },
};
