import { sql, type Kysely, type Migration } from 'kysely';

/** Frozen in time: one counter that every import moves, so that response caches know their answers are stale. */
export const dataVersion: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen in time, a migration must not depend on today's table types
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('data_version')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.insertInto('data_version').values({ id: 1, version: 1 }).execute();
  },
};
