import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSchema, openDatabase, type DatabaseHandle } from '../../shared/database/database.ts';
import { regionalMigrations } from '../../subgraphs/regional/database/migrations/index.ts';

/** Processes that prepare the same schema at once: an import and the services starting beside it. */
const PROCESSES = 6;

describe.skipIf(!process.env.TEST_DATABASE_URL)('one schema migrated by several processes at once', () => {
  const handles: DatabaseHandle[] = [];
  const schemas: string[] = [];

  beforeAll(async () => {
    for (let index = 0; index < PROCESSES; index++)
      handles.push(await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL, poolSize: 1 }));
  });

  afterAll(async () => {
    for (const schema of schemas) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(handles[0]!.db);
    for (const handle of handles) await handle.close();
  });

  it('creates and migrates it once, and every one of them succeeds', async () => {
    // Several fresh schemas in turn: the race between two `create schema` is a window of microseconds.
    for (let round = 0; round < 3; round++) {
      const schema = `test_concurrent_${randomBytes(4).toString('hex')}`;
      schemas.push(schema);
      const outcomes = await Promise.allSettled(
        handles.map((handle) => migrateSchema(handle, schema, regionalMigrations)),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
      const { rows } = await sql<{ count: string }>`
        select count(*)::text as count from ${sql.table(`${schema}.kysely_migration`)}`.execute(handles[0]!.db);
      expect(Number(rows[0]!.count)).toBe(Object.keys(regionalMigrations).length);
    }
  });
});
