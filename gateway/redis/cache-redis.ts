import KeyvRedis, { Keyv } from '@keyv/redis';
import type { Logger } from '../../shared/logging/logger.ts';
import { redisCommandTimeout } from './redis-command-timeout.ts';
import { throttledRedisWarning } from './throttled-redis-warning.ts';

/** How long a lookup waits for Redis to connect before it counts as a miss. */
const REDIS_CONNECT_TIMEOUT_MS = 1_000;

export interface CacheRedis {
  keyv: Keyv<string>;
  /**
   * `command`'s answer, or `miss()` when it fails, when Redis does not answer within REDIS_COMMAND_TIMEOUT_MS,
   * and at once while Redis hangs (redis-command-timeout.ts). Never rejects.
   */
  attempt<T>(command: () => Promise<T>, miss: () => T): Promise<T>;
  close(): Promise<void>;
}

/**
 * A Redis-backed keyv for one of the gateway's caches (`namespace`). A cache is an optimisation: while Redis is
 * down or restarting every lookup is a miss at once (the client's default offline queue would hold every request
 * until Redis returns); while it hangs (stopped, or a partition drops its packets) a lookup waits 50 ms once and
 * every later one is a miss at once, until Redis answers again; writes are dropped meanwhile. `warning` is logged
 * at most every 10 s, and the client reconnects in the background. `close` disconnects without QUIT: a cache has
 * nothing to flush, and a QUIT to a Redis that is down waits for its answer forever.
 */
export function cacheRedis(redisUrl: string, namespace: string, logger: Logger, warning: string): CacheRedis {
  const store = new KeyvRedis<string>(
    { url: redisUrl, disableOfflineQueue: true, socket: { connectTimeout: REDIS_CONNECT_TIMEOUT_MS } },
    { throwOnConnectError: false, throwOnErrors: false, connectionTimeout: REDIS_CONNECT_TIMEOUT_MS },
  );
  const keyv = new Keyv<string>(store, { namespace });
  const warn = throttledRedisWarning((error) => logger.warn({ err: error, redis: new URL(redisUrl).host }, warning));
  keyv.on('error', warn);
  const timeout = redisCommandTimeout({ onTimeout: warn });
  return {
    keyv,
    attempt: (command, miss) =>
      timeout.run(async () => {
        try {
          return await command();
        } catch {
          return miss();
        }
      }, miss),
    close: () => store.disconnect(true),
  };
}
