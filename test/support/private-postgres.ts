import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './service-process.ts';

/** Debian's PostgreSQL 15 binaries (apt-get install -y postgresql-15), as .ci/run installs them. */
export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  /** postgres://bkn@127.0.0.1:<port>/bkn: an ordinary role owning its database, as a service connects. */
  url: string;
  /** The same database as the superuser postgres: for what a test does behind the service's back (locks). */
  superuserUrl: string;
  port: number;
  /** pg_ctl stop: `fast` disconnects every client (as pg_ctlcluster … stop -m fast), `immediate` is a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** pg_ctl start, resolving once it accepts connections. */
  start(): Promise<void>;
  /** pg_terminate_backend for every connection of the service role; resolves with how many were ended. */
  terminateBackends(): Promise<number>;
  /** Stops the server and removes its data directory. */
  dispose(): Promise<void>;
}

/** PostgreSQL refuses to run as root: as root, run its tools as the postgres user. */
function runAsPostgres(tool: string, args: string[]): string {
  const command = join(POSTGRES_BIN, tool);
  const asRoot = process.getuid?.() === 0;
  return execFileSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * A PostgreSQL server of the test's own, in a temporary directory on a free loopback port, so that a fault
 * test can stop, restart and disturb it without touching the shared cluster other tests use. Trust
 * authentication on loopback only; fsync off (nothing here needs to survive a power cut).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  if (!existsSync(join(POSTGRES_BIN, 'initdb')))
    throw new Error(`${POSTGRES_BIN}/initdb is missing: apt-get install -y postgresql-15`);
  const port = await freePort();
  const directory = mkdtempSync(join(tmpdir(), 'private-pg-'));
  const dataDir = join(directory, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(directory, uid, gid);
  }
  runAsPostgres('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '--encoding=UTF8',
    '--locale=C',
  ]);
  const options =
    `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${directory} -c fsync=off -c ` +
    'max_connections=200';
  const start = async () => {
    runAsPostgres('pg_ctl', [
      '-D',
      dataDir,
      '-o',
      options,
      '-l',
      join(directory, 'postgres.log'),
      '-w',
      '-t',
      '30',
      'start',
    ]);
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    runAsPostgres('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
  };
  const asSuperuser = async <Result>(work: (client: pg.Client) => Promise<Result>): Promise<Result> => {
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  await start();
  await asSuperuser(async (client) => {
    await client.query('create role bkn login');
    await client.query('create database bkn owner bkn');
  });
  let disposed = false;
  return {
    url: `postgres://bkn@127.0.0.1:${port}/bkn`,
    superuserUrl: `postgres://postgres@127.0.0.1:${port}/bkn`,
    port,
    start,
    stop,
    terminateBackends: () =>
      asSuperuser(async (client) => {
        const { rows } = await client.query<{ ended: string }>(
          'select count(*) filter (where pg_terminate_backend(pid)) as ended ' +
            `from pg_stat_activity where usename = 'bkn'`,
        );
        return Number(rows[0]?.ended ?? 0);
      }),
    async dispose() {
      if (disposed) return;
      disposed = true;
      try {
        await stop('immediate');
      } catch {
        // Already stopped.
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
