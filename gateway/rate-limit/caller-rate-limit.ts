import { createClient } from '@redis/client';
import { HeaderMap } from '@apollo/server';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { graphQLError } from '../../shared/errors/error-codes.ts';
import type { Logger } from '../../shared/logging/logger.ts';
import { ANALYST_ROLE, hasRole, type Identity } from '../auth/identity.ts';
import { redisCommandTimeout } from '../redis/redis-command-timeout.ts';
import { throttledRedisWarning } from '../redis/throttled-redis-warning.ts';

/** Points per minute of each kind of caller; an operation costs 1 point plus 1 per COST_PER_POINT of its price. */
export interface RateLimitConfig {
  enabled: boolean;
  analystPointsPerMinute: number;
  anonymousPointsPerMinute: number;
}

/**
 * A `regions` query is 1 point, a comparison of one indicator over 14 regions and 6 years about 4, the whole
 * indicator export about 25: a caller's budget is spent by the work it causes, not by its request count.
 */
export const COST_PER_POINT = 100;

export const pointsFor = (cost: number) => 1 + Math.floor(cost / COST_PER_POINT);

export interface CallerRateLimiter {
  /**
   * Charges the caller for an admitted operation; throws RATE_LIMITED (HTTP 429 with Retry-After) when its budget is
   * spent.
   */
  charge(caller: { identity: Identity; clientAddress: string }, cost: number): Promise<void>;
  close(): Promise<void>;
}

const WINDOW_SECONDS = 60;

/** Authenticated callers by who they are (every gateway instance agrees); anonymous ones by their address. */
const keyOf = ({ identity, clientAddress }: { identity: Identity; clientAddress: string }) =>
  identity.via === 'anonymous' ? `address:${clientAddress}` : `${identity.via}:${identity.subject}`;

function rateLimited(retryAfterSeconds: number, points: number, budget: number) {
  const headers = new HeaderMap([['retry-after', String(retryAfterSeconds)]]);
  return graphQLError(
    'RATE_LIMITED',
    `Too many requests: this operation costs ${points} point${points === 1 ? '' : 's'} and the ${budget} points ` +
      `of this minute are spent; try again in ${retryAfterSeconds} s`,
    { retryAfterSeconds, points, budget, http: { status: 429, headers } },
  );
}

/** Charges `points` to `key`; rejects with a RateLimiterRes when the budget is spent. */
type Consume = (key: string, points: number) => Promise<RateLimiterRes>;

/**
 * Per-caller budgets, in memory or shared by every gateway instance through Redis (REDIS_URL). While Redis is
 * down each instance falls back to its own memory, so that a Redis outage neither blocks nor unlimits callers.
 * A Redis that hangs is taken as down: a charge waits for it at most REDIS_COMMAND_TIMEOUT_MS (50 ms), once per
 * hang, and is then counted in memory, as every later one is at once until Redis answers again
 * (gateway/redis/redis-command-timeout.ts).
 */
export function createCallerRateLimiter(
  config: RateLimitConfig,
  redisUrl: string | undefined,
  logger: Logger,
): CallerRateLimiter {
  const redis = redisUrl
    ? createClient({
        url: redisUrl,
        disableOfflineQueue: true,
        socket: { connectTimeout: 1_000, reconnectStrategy: (retries) => Math.min(retries * 200, 5_000) },
      })
    : undefined;
  const warn = throttledRedisWarning((error) =>
    logger.warn({ err: error }, 'rate limit: Redis failed or did not answer, counting in this process meanwhile'),
  );
  const timeout = redisCommandTimeout({ onTimeout: warn });
  if (redis) {
    redis.on('error', warn);
    redis.connect().catch(() => {});
  }
  const limiterFor = (points: number, keyPrefix: string): Consume => {
    const memory = new RateLimiterMemory({ points, duration: WINDOW_SECONDS, keyPrefix });
    if (!redis) return (key, charged) => memory.consume(key, charged);
    const shared = new RateLimiterRedis({
      storeClient: redis,
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      points,
      duration: WINDOW_SECONDS,
      keyPrefix,
      insuranceLimiter: memory,
    });
    return (key, charged) =>
      timeout.run(
        () => shared.consume(key, charged),
        () => memory.consume(key, charged),
      );
  };
  const analyst = limiterFor(config.analystPointsPerMinute, 'bkn-rate-analyst');
  const anonymous = limiterFor(config.anonymousPointsPerMinute, 'bkn-rate-anonymous');

  return {
    async charge(caller, cost) {
      const isAnalyst = hasRole(caller.identity, ANALYST_ROLE);
      const limiter = isAnalyst ? analyst : anonymous;
      const budget = isAnalyst ? config.analystPointsPerMinute : config.anonymousPointsPerMinute;
      const points = Math.min(pointsFor(cost), budget);
      try {
        await limiter(keyOf(caller), points);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes)
          throw rateLimited(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), points, budget);
        // Neither Redis nor memory could count: let the operation through rather than refuse everyone.
        logger.warn({ err: rejection }, 'rate limit: could not count the operation');
      }
    },
    // Without waiting for answers: close() would wait for the replies of a hung Redis forever.
    async close() {
      if (redis?.isOpen) redis.destroy();
    },
  };
}
