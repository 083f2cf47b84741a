import { describe, expect, it } from 'vitest';
import {
  asDatabaseError,
  type databaseUnavailable,
  isDatabaseUnavailable,
  retryWhileDatabaseUnavailable,
} from '../../shared/database/database-availability.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('database availability', () => {
  it('takes lost, refused and shut-down connections for an unavailable database', () => {
    expect(isDatabaseUnavailable(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('connection failure during authentication', '08006'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: withCode('gone', '57P01') }))).toBe(true);
  });

  it('leaves errors of the statement itself alone', () => {
    expect(isDatabaseUnavailable(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isDatabaseUnavailable(withCode('canceling statement due to statement timeout', '57014'))).toBe(false);
    expect(isDatabaseUnavailable(withCode('syntax error at or near "selec"', '42601'))).toBe(false);
    const unique = withCode('duplicate key', '23505');
    expect(asDatabaseError(unique)).toBe(unique);
  });

  it('says DATABASE_UNAVAILABLE with the cause’s code and no address', () => {
    const error = asDatabaseError(withCode('connect ECONNREFUSED 10.0.0.7:5432', 'ECONNREFUSED')) as ReturnType<
      typeof databaseUnavailable
    >;
    expect(error.extensions.code).toBe('DATABASE_UNAVAILABLE');
    expect(error.message).toBe('The service cannot reach its database (ECONNREFUSED); try again shortly');
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('retries while the database is unavailable, and stops at any other failure', async () => {
    let attempts = 0;
    const result = await retryWhileDatabaseUnavailable(
      async () => {
        attempts += 1;
        if (attempts < 3) throw withCode('refused', 'ECONNREFUSED');
        return 'migrated';
      },
      { retryMs: 10 },
    );
    expect({ result, attempts }).toEqual({ result: 'migrated', attempts: 3 });
    await expect(
      retryWhileDatabaseUnavailable(async () => Promise.reject(new Error('migration 2026-11-26T0900 failed')), {
        retryMs: 10,
      }),
    ).rejects.toThrow('migration');
  });

  it('gives up when the process starts stopping', async () => {
    const stopping = new AbortController();
    setTimeout(() => stopping.abort(new Error('stopping on SIGTERM')), 50);
    await expect(
      retryWhileDatabaseUnavailable(async () => Promise.reject(withCode('refused', 'ECONNREFUSED')), {
        retryMs: 10_000,
        signal: stopping.signal,
      }),
    ).rejects.toThrow('stopping on SIGTERM');
  });
});
