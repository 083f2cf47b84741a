/**
 * Preloaded into the bench's service processes (`node --import <build>/bench/cap-pg-pool.js …`):
 * caps every pg pool at BENCH_PG_POOL_MAX connections. The services open a pool of 10 each, and 15 of them
 * on one PostgreSQL (max_connections 100 by default) fail under load with "sorry, too many clients already";
 * the bench gives each a fair share of the server instead, and says so in its report.
 */
import pg from 'pg';

const cap = Number(process.env.BENCH_PG_POOL_MAX);
if (Number.isInteger(cap) && cap > 0) {
  const Pool = pg.Pool;
  class CappedPool extends Pool {
    constructor(config: pg.PoolConfig = {}) {
      super({ ...config, max: Math.min(config.max ?? cap, cap) });
    }
  }
  // `database.ts` reads pg.Pool when it opens the pool, after this preload has run.
  Object.defineProperty(pg, 'Pool', { value: CappedPool, writable: true, configurable: true });
}
