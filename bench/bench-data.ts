import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { DEFAULT_POOL_SIZE } from '../shared/database/database.ts';
import type { ChildProcesses } from './child-processes.ts';

export const jsonFilesIn = (directory: string) =>
  readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(directory, name));

/** postgres://user:pass@host:port → postgres://user:pass@host:port/<database> */
export function databaseUrlOf(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Drops and creates the bench's own database, so that every run starts from the same empty state; returns the server's
 * version.
 */
export async function recreateDatabase(serverUrl: string, database: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database))
    throw new Error(`--database must be a plain lower-case PostgreSQL name; got "${database}"`);
  const client = new pg.Client({ connectionString: databaseUrlOf(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(`drop database if exists ${database} with (force)`);
    await client.query(`create database ${database}`);
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
}

export interface BenchData {
  files: number;
  generateSeconds: number;
  importSeconds: number;
}

/**
 * The demo data of the issue: the documents' plan files and the synthetic files of seed 1 (all 14 regions,
 * 2020–2025), generated into the run directory with `npm run generate` and loaded with `npm run import`.
 */
/** Statistics now, rather than whenever autovacuum gets to the new tables (a minute later, mid-run). */
export async function analyzeDatabase(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('analyze');
  } finally {
    await client.end();
  }
}

export async function loadBenchData(
  children: ChildProcesses,
  runDirectory: string,
  databaseUrl: string,
): Promise<BenchData> {
  const synthetic = join(runDirectory, 'synthetic-seed-1');
  let started = performance.now();
  await children.run('generate', 'npm', ['run', 'generate', '--', '--seed', '1', '--out', synthetic]);
  const generateSeconds = (performance.now() - started) / 1000;
  const files = [...jsonFilesIn('data/plans'), ...jsonFilesIn(synthetic)];
  started = performance.now();
  await children.run('import', 'npm', ['run', 'import', '--', ...files], {
    DATABASE_URL: databaseUrl,
    NATIONAL_DATABASE_URL: '',
    SCHEMA_PREFIX: '',
  });
  await analyzeDatabase(databaseUrl);
  return { files: files.length, generateSeconds, importSeconds: (performance.now() - started) / 1000 };
}

/** The code's pool size per service process. */
export const SERVICE_POOL_MAX = DEFAULT_POOL_SIZE;

export interface ConnectionBudget {
  maxConnections: number;
  /** Connections open on the server when the bench started (other databases, other users). */
  inUse: number;
  /** The pool size each subgraph process gets: its share of what is left. */
  poolMaxPerService: number;
}

/**
 * Splits what the server has left among the subgraph processes, after the superuser reserve, the
 * connections already open, the two monoliths' pools (the reference and the one that coalesces) and a few for
 * the bench's own imports.
 */
export async function shareConnections(serverUrl: string, services: number): Promise<ConnectionBudget> {
  const client = new pg.Client({ connectionString: databaseUrlOf(serverUrl, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ max: string; reserved: string; in_use: string }>(
      "select current_setting('max_connections') as max, current_setting('superuser_reserved_connections') as " +
        "reserved, (select count(*) from pg_stat_activity where backend_type = 'client backend') as in_use",
    );
    const row = rows[0]!;
    const maxConnections = Number(row.max);
    const inUse = Number(row.in_use);
    const left = maxConnections - Number(row.reserved) - inUse - 2 * SERVICE_POOL_MAX - 5;
    return {
      maxConnections,
      inUse,
      poolMaxPerService: Math.max(1, Math.min(SERVICE_POOL_MAX, Math.floor(left / services))),
    };
  } finally {
    await client.end();
  }
}
