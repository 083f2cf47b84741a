import { counter, gauge } from './metrics.ts';

/** What pg.Pool exposes of its connections; PGlite has no pool. */
export interface ObservablePool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

const pools = new Map<ObservablePool, string>();

gauge(
  'bkn_db_pool_connections',
  'Connections of the database pool: total, idle, and callers waiting for one',
  ['pool', 'state'],
  function collect() {
    this.reset();
    for (const [pool, name] of pools) {
      this.set({ pool: name, state: 'total' }, pool.totalCount);
      this.set({ pool: name, state: 'idle' }, pool.idleCount);
      this.set({ pool: name, state: 'waiting' }, pool.waitingCount);
    }
  },
);

const databaseErrors = counter(
  'bkn_db_errors_total',
  'Database errors: connections lost while idle, and failed queries by SQLSTATE or kind',
  ['pool', 'kind'],
);

/**
 * Reports a pg pool's connections on /metrics and counts the connections it loses. Call once per pool, where
 * it is created (shared/database/database.ts, `openDatabase`).
 */
export function observeDatabasePool(pool: ObservablePool, name = 'main'): void {
  if (pools.has(pool)) return;
  pools.set(pool, name);
  pool.on('error', () => databaseErrors.inc({ pool: name, kind: 'connection_lost' }));
}

/** Counts a failed query or connection attempt: `kind` a SQLSTATE ("57014" cancelled) or "unavailable". */
export function countDatabaseError(kind: string, pool = 'main'): void {
  databaseErrors.inc({ pool, kind });
}
