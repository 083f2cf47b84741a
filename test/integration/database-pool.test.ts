import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECT_TIMEOUT_MS, openDatabase, type DatabaseHandle } from '../../shared/database/database.ts';

/** pg.Pool closes a connection idle this long unless told otherwise. */
const PG_DEFAULT_IDLE_MS = 10_000;
const POOL_SIZE = 3;

/**
 * A service's pool on real PostgreSQL keeps its connections through a quiet spell longer than pg's default idle
 * timeout, so that the next burst of questions does not open them all again at once (database.ts,
 * IDLE_CONNECTION_MS).
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('the pg pool over a quiet spell', () => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL, poolSize: POOL_SIZE });
  });

  afterAll(async () => {
    await handle?.close();
  });

  /** The backend of each connection of the pool: as many statements at once as the pool holds connections. */
  const backends = async () => {
    const rows = await Promise.all(
      Array.from({ length: POOL_SIZE }, () =>
        sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.2)`.execute(handle.db),
      ),
    );
    return new Set(rows.map(({ rows: [row] }) => row!.pid));
  };

  it(
    'answers after the quiet spell on the same backends as before it',
    async () => {
      const before = await backends();
      expect(before.size).toBe(POOL_SIZE);
      await new Promise((resolve) => setTimeout(resolve, PG_DEFAULT_IDLE_MS + 1_500));
      expect(await backends()).toEqual(before);
    },
    PG_DEFAULT_IDLE_MS + 4 * CONNECT_TIMEOUT_MS,
  );
});
