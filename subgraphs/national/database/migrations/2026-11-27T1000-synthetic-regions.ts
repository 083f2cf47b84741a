import type { Kysely, Migration } from 'kysely';

/**
 * Frozen in time: the directory flags synthetic benchmark shards (SYNTHETIC_SHARDS), so that none passes for an
 * office.
 */
export const syntheticRegions: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: frozen in time, a migration must not depend on today's table types
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('region')
      .addColumn('synthetic', 'boolean', (c) => c.notNull().defaultTo(false))
      .execute();
  },
};
