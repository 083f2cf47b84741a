import KeyvRedis, { Keyv } from '@keyv/redis';
import type { Logger } from '../../shared/logging/logger.ts';

/** How long a lookup waits for Redis to connect before it counts as a miss. */
const REDIS_CONNECT_TIMEOUT_MS = 1_000;
/** At most one warning this often while Redis fails, so that a Redis that is down does not flood the log. */
const REDIS_WARNING_INTERVAL_MS = 10_000;

/**
 * A Redis-backed keyv for one of the gateway's caches (`namespace`). A cache is an optimisation: while Redis is
 * down or restarting every lookup is a miss at once (the client's default offline queue would hold every request
 * until Redis returns), writes are dropped, `warning` is logged at most every 10 s, and the client reconnects in
 * the background. `close` disconnects without QUIT: a cache has nothing to flush, and a QUIT to a Redis that is
 * down waits for its answer forever.
 */
export function cacheRedis(
  redisUrl: string,
  namespace: string,
  logger: Logger,
  warning: string,
): { keyv: Keyv<string>; close(): Promise<void> } {
  const store = new KeyvRedis<string>(
    { url: redisUrl, disableOfflineQueue: true, socket: { connectTimeout: REDIS_CONNECT_TIMEOUT_MS } },
    { throwOnConnectError: false, throwOnErrors: false, connectionTimeout: REDIS_CONNECT_TIMEOUT_MS },
  );
  const keyv = new Keyv<string>(store, { namespace });
  let lastWarning = -Number.POSITIVE_INFINITY;
  keyv.on('error', (error: unknown) => {
    if (performance.now() - lastWarning < REDIS_WARNING_INTERVAL_MS) return;
    lastWarning = performance.now();
    logger.warn({ err: error, redis: new URL(redisUrl).host }, warning);
  });
  return { keyv, close: () => store.disconnect(true) };
}
