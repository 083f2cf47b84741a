import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../shared/database/database.ts';

/** PGlite always; real PostgreSQL too when TEST_DATABASE_URL is given (as .ci/run gives it). */
export const TEST_ENGINES: Array<'pglite' | 'postgres'> = process.env.TEST_DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

export interface TestDatabase {
  handle: DatabaseHandle;
  /** Unique per test database, so that test files can share one PostgreSQL without seeing each other. */
  schemaPrefix: string;
  dispose(): Promise<void>;
}

const PGLITE_VERSION = (
  JSON.parse(
    readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'),
  ) as { version: string }
).version;
const DUMP_FILE = fileURLToPath(
  new URL(`../../node_modules/.cache/test-database/pglite-${PGLITE_VERSION}.tar`, import.meta.url),
);

/**
 * A PGlite just past initdb, as dumpDataDir() gives it: made once and kept in node_modules/.cache, then every test
 * file's in-memory PGlite starts from it (3.5 s on a loaded machine) instead of running initdb again (12 s).
 */
let dataDirDump: Promise<Blob> | undefined;
function pgliteDataDirDump(): Promise<Blob> {
  dataDirDump ??= existsSync(DUMP_FILE) ? Promise.resolve(new Blob([readFileSync(DUMP_FILE)])) : makeDataDirDump();
  return dataDirDump;
}

async function makeDataDirDump(): Promise<Blob> {
  const pglite = await PGlite.create();
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  mkdirSync(dirname(DUMP_FILE), { recursive: true });
  // Written aside, then renamed: a test file in another worker may be making it at the same moment.
  const partial = `${DUMP_FILE}.${process.pid}`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, DUMP_FILE);
  return dump;
}

export async function openTestDatabase(engine: 'pglite' | 'postgres'): Promise<TestDatabase> {
  const handle = await openDatabase(
    engine === 'postgres'
      ? { databaseUrl: process.env.TEST_DATABASE_URL }
      : { pgliteDataDirDump: await pgliteDataDirDump() },
  );
  const schemaPrefix = `t${randomBytes(4).toString('hex')}_`;
  return {
    handle,
    schemaPrefix,
    async dispose() {
      if (engine === 'postgres') {
        const { rows } = await sql<{
          nspname: string;
        }>`select nspname from pg_namespace where nspname like ${`${schemaPrefix}%`}`.execute(handle.db);
        for (const { nspname } of rows) await sql`drop schema ${sql.id(nspname)} cascade`.execute(handle.db);
      }
      await handle.close();
    },
  };
}

/**
 * Every row of every table in the given schemas, in a stable order: "the database is unchanged" compares two of these.
 */
export async function snapshotSchemas(handle: DatabaseHandle, schemaPrefix: string): Promise<string> {
  const { rows: tables } = await sql<{ table_schema: string; table_name: string }>`
    select table_schema, table_name from information_schema.tables
    where table_schema like ${`${schemaPrefix}%`} order by table_schema, table_name`.execute(handle.db);
  const dump: Record<string, unknown[]> = {};
  for (const { table_schema, table_name } of tables) {
    const { rows } = await sql`select * from ${sql.table(`${table_schema}.${table_name}`)}`.execute(handle.db);
    dump[`${table_schema}.${table_name}`] = rows.map((row) => JSON.stringify(row)).sort();
  }
  // Sequences too: a write that was rolled back would still have moved them.
  const { rows: sequences } = await sql<{ schemaname: string; sequencename: string; last_value: string | null }>`
    select schemaname, sequencename, last_value::text from pg_sequences
    where schemaname like ${`${schemaPrefix}%`} order by 1, 2`.execute(handle.db);
  dump.sequences = sequences.map((sequence) => JSON.stringify(sequence));
  return JSON.stringify(dump);
}

/**
 * On PostgreSQL, pg_dump's own text of every schema of the test (definitions and data): a byte-for-byte
 * witness that a refused import changed nothing. Undefined on PGlite, where snapshotSchemas stands alone.
 */
export function pgDump(engine: 'pglite' | 'postgres', schemaPrefix: string): string | undefined {
  if (engine !== 'postgres') return undefined;
  // A fixed --restrict-key: pg_dump otherwise writes a random one into every dump.
  const args = [
    '--no-owner',
    '--restrict-key=bkntestdump',
    '--schema',
    `${schemaPrefix}*`,
    process.env.TEST_DATABASE_URL!,
  ];
  return execFileSync('pg_dump', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}
