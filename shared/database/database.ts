import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  sql,
  type Migration,
  type PostgresPool,
  type PostgresPoolClient,
  type Transaction,
} from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Logger } from '../logging/logger.ts';
import { asDatabaseError, isDatabaseUnavailable } from './database-availability.ts';
import { observeDatabasePool } from '../observability/database-metrics.ts';

/** The tables of the unbound handle: none. Every table lives in a schema, reached through inSchema or bindSchema. */
export type UnboundDatabase = Record<never, never>;

/**
 * One connection handle per process: a pg pool on real PostgreSQL, or one embedded PGlite
 * (a single data directory shared by every schema, since one PGlite per region costs ~250 MB).
 */
export interface DatabaseHandle {
  /** Unbound: queries go to the search_path. Services bind it to their own schema with `inSchema`. */
  db: Kysely<UnboundDatabase>;
  engine: 'postgres' | 'pglite';
  /** Resolves when the database answers `select 1`; rejects with DATABASE_UNAVAILABLE when it cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… for real PostgreSQL; unset for embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; unset means in memory. */
  dataDir?: string;
  /**
   * An in-memory PGlite's starting data directory, as PGlite's dumpDataDir() gives it: spares initdb, most of
   * starting a PGlite (12 s, against 3.5 s from a dump, on a loaded machine). Tests keep one (test-database.ts).
   */
  pgliteDataDirDump?: Blob;
  /** Connections of the pg pool; default 5. */
  poolSize?: number;
  /**
   * PostgreSQL's statement_timeout for every connection of the pool (default 15 s; 0: none), so that no
   * statement outlives the request that wanted it by long. PGlite accepts the setting but never enforces it
   * (no timer interrupts in its WebAssembly build: `SET statement_timeout = 200` then `pg_sleep(2)` runs 2 s).
   */
  statementTimeoutMs?: number;
  /** Where the pool reports connections it lost while idle; without one they are dropped silently. */
  logger?: Logger;
}

export const DEFAULT_POOL_SIZE = 5;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;
/** pg waits forever for a connection by default: a database that accepts no connections would hang every request. */
export const CONNECT_TIMEOUT_MS = 3_000;
/**
 * How long an unused connection stays open. pg closes it after 10 s by default, so a service quiet for 10 s
 * reopens its whole pool at the next burst of questions: fifteen services at once, each connection a backend
 * fork and a SCRAM exchange on a server already busy with the burst. Under load such a storm took longer than
 * CONNECT_TIMEOUT_MS, and those regions answered DATABASE_UNAVAILABLE although PostgreSQL was up (seen in the
 * bench after each quiet spell). A new backend also plans its first statements against empty catalog caches
 * (4 ms, against 0.25 ms warm, for a comparison's cell query). Five minutes spans the pauses of an analyst's
 * session; the pool's size, not its idle timeout, is what PostgreSQL's max_connections is sized for.
 */
export const IDLE_CONNECTION_MS = 300_000;

/** pg's `client.query(text, values, callback)`: answered through the callback, no promise of pg's own. */
type QueryWithCallback = (
  text: string,
  values: unknown,
  callback: (error: Error | null, result: unknown) => void,
) => void;

/**
 * A pg pool that survives its database: pg.Pool emits 'error' for an idle client whose backend went away
 * (PostgreSQL stopped, pg_terminate_backend), and a checked-out client emits it between statements; either
 * unhandled ends the process. Both are logged here; the broken client leaves the pool, the next query opens a
 * new connection, so service resumes as soon as the database is back. Connection failures reach callers as
 * DATABASE_UNAVAILABLE.
 */
function survivingPool(pool: pg.Pool, logger: Logger | undefined): PostgresPool {
  let lastWarning = 0;
  const warn = (error: Error, where: string) => {
    // One line per second at most: a restart drops every connection of the pool at once.
    if (performance.now() - lastWarning < 1_000) return;
    lastWarning = performance.now();
    logger?.warn(
      { err: { message: error.message, code: (error as { code?: string }).code } },
      where === 'connect'
        ? 'cannot connect to the database'
        : `database connection lost (${where}); the next query reconnects`,
    );
  };
  pool.on('error', (error) => warn(error, 'idle'));
  const checkedOut = new WeakSet<pg.Client>();
  // Every client gets its listener the moment it has connected, not when kysely is handed it: a backend
  // terminated just after its startup can deliver ReadyForQuery and its FATAL error in one read, and pg emits the
  // error before any continuation of pool.connect() runs. Unhandled, it ended a regional service in CI's
  // pg_terminate_backend test. (An idle client's error is logged by the pool's 'error' above.)
  pool.on('connect', (client) =>
    client.on('error', (error) => {
      if (checkedOut.has(client)) warn(error, 'in use');
    }),
  );
  // One wrapper per pg client, so that kysely keeps one connection object per client as it does unwrapped.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient & { broken: boolean }>();
  const wrap = (client: pg.PoolClient) => {
    const failed = (error: unknown) => {
      if (isDatabaseUnavailable(error)) wrapper.broken = true;
      return asDatabaseError(error);
    };
    const wrapper = {
      broken: false,
      query: ((...args: unknown[]) => {
        const [text, values] = args;
        // Through pg's callback, not the promise pg makes when given none: on Node 20, the results pg's promise
        // resolved (every row of every query) stayed alive through each young-generation collection until the
        // next full one, copied and promoted on the way (docs/performance.md, seventeenth pass).
        if (typeof text === 'string' && args.length <= 2)
          return new Promise((resolve, reject) => {
            (client.query as QueryWithCallback)(text, values, (error, result) =>
              error ? reject(failed(error)) : resolve(result as never),
            );
          });
        // A submittable (kysely's cursor for streamed queries) answers through its own callbacks.
        return (client.query as (...a: unknown[]) => unknown)(...args);
      }) as PostgresPoolClient['query'],
      // A connection that failed is not returned to the pool for someone else's next query.
      release: (destroy?: boolean) => {
        checkedOut.delete(client);
        client.release(destroy || wrapper.broken ? true : undefined);
      },
    };
    wrappers.set(client, wrapper);
    return wrapper;
  };
  return {
    async connect() {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        warn(error as Error, 'connect');
        throw asDatabaseError(error);
      }
      const wrapper = wrappers.get(client) ?? wrap(client);
      wrapper.broken = false;
      checkedOut.add(client);
      return wrapper;
    },
    end: () => pool.end(),
  };
}

const pingWith = (db: Kysely<UnboundDatabase>) => async () => {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    throw asDatabaseError(error);
  }
};

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    // Fifteen services share one PostgreSQL in the usual topology: 5 each stays under its default 100 connections.
    const statementTimeout = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? DEFAULT_POOL_SIZE,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
      ...(statementTimeout > 0 ? { statement_timeout: statementTimeout } : {}),
    });
    // Its total, idle and waiting counts and the connections it loses, on /metrics (bkn_db_pool_connections,
    // bkn_db_errors_total).
    observeDatabasePool(pool);
    const db = new Kysely<UnboundDatabase>({
      dialect: new PostgresDialect({ pool: survivingPool(pool, options.logger) }),
    });
    return { db, engine: 'postgres', ping: pingWith(db), close: () => db.destroy() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(
    options.dataDir ? { dataDir: options.dataDir } : { loadDataDir: options.pgliteDataDirDump },
  );
  const db = new Kysely<UnboundDatabase>({ dialect: new PGliteDialect(pglite) });
  // PGlite runs in this process: no connection to lose, no server to restart; nothing to survive but its own failures.
  return {
    db,
    engine: 'pglite',
    ping: pingWith(db),
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** A Kysely handle whose every table reference (queries and schema builder alike) is in `schema`. */
export function inSchema<Tables>(handle: DatabaseHandle, schema: string): Kysely<Tables> {
  return bindSchema<Tables>(handle.db, schema);
}

/** The unbound handle, or a transaction on it, bound to `schema` and typed with the tables its migrations made. */
export function bindSchema<Tables>(db: Transaction<UnboundDatabase>, schema: string): Transaction<Tables>;
export function bindSchema<Tables>(db: Kysely<UnboundDatabase>, schema: string): Kysely<Tables>;
export function bindSchema<Tables>(db: Kysely<UnboundDatabase>, schema: string): Kysely<Tables> {
  // The one step from "no tables" to a schema's tables: only the schema's migrations can vouch for them.
  return db.withSchema(schema) as unknown as Kysely<Tables>;
}

/**
 * True when the schema's migration table lists exactly these migrations. Kysely's Migrator finds that out
 * only after introspecting every table of the database twice and taking its lock: about 100 ms per schema
 * on PGlite with fifteen schemas, which made most of a restart. Migrations are only ever added, so a
 * schema that has them all stays up to date; anything else (missing, extra, no table) goes to the Migrator.
 */
async function isMigrated(
  handle: DatabaseHandle,
  schema: string,
  migrations: Record<string, Migration>,
): Promise<boolean> {
  const { rows: found } = await sql<{
    table: string | null;
  }>`select to_regclass(format('%I.%I', ${schema}::text, 'kysely_migration'))::text as table`.execute(handle.db);
  if (!found[0]?.table) return false;
  const { rows } = await sql<{ name: string }>`select name from ${sql.table(`${schema}.kysely_migration`)}`.execute(
    handle.db,
  );
  const expected = Object.keys(migrations);
  return rows.length === expected.length && rows.every((row) => row.name in migrations);
}

/**
 * `create schema if not exists` is not safe against itself: two sessions can both find the schema missing, and
 * the second to create it fails on pg_namespace's unique index. That happens when an import runs while a
 * service creates the same schema at its start (seen in the bench). The schema existing is all either wanted.
 */
async function createSchemaIfMissing(connection: Kysely<UnboundDatabase>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(connection);
  } catch (error) {
    const { rows } = await sql<{ found: boolean }>`
      select exists (select 1 from pg_namespace where nspname = ${schema}) as found`.execute(connection);
    if (!rows[0]?.found) throw error;
  }
}

/** Creates the schema when missing and applies pending migrations; fails with the migration's own error. */
export async function migrateSchema(
  handle: DatabaseHandle,
  schema: string,
  migrations: Record<string, Migration>,
): Promise<void> {
  if (await isMigrated(handle, schema, migrations)) return;
  // Migrations wait for kysely's database-wide advisory lock while other services migrate (S5 starts 200
  // shards at once): that wait, and a long migration, must not hit the pool's statement_timeout.
  const { error, results } = await handle.db.connection().execute(async (connection) => {
    await sql`set statement_timeout = 0`.execute(connection);
    try {
      await createSchemaIfMissing(connection, schema);
      const migrator = new Migrator({
        db: connection.withSchema(schema),
        provider: { getMigrations: async () => migrations },
        migrationTableSchema: schema,
      });
      return await migrator.migrateToLatest();
    } finally {
      await sql`reset statement_timeout`.execute(connection);
    }
  });
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `Migration ${failed} of schema ${schema} failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
