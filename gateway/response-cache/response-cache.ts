import type { ApolloServerPlugin } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import KeyvRedis, { Keyv } from '@keyv/redis';
import type { Logger } from '../../shared/logging/logger.ts';
import type { GatewayContext } from '../logging/request-logging.ts';
import type { DataVersionPoller } from '../data-version/data-version-poller.ts';

/** How long a lookup waits for Redis to connect before it counts as a miss. */
const REDIS_CONNECT_TIMEOUT_MS = 1_000;
/** At most one warning this often while Redis fails, so that a Redis that is down does not flood the log. */
const REDIS_WARNING_INTERVAL_MS = 10_000;

export interface ResponseCacheStore {
  cache: KeyValueCache<string>;
  /** Closes the Redis connection, if any: without it a stopped gateway would keep reconnecting. */
  close(): Promise<void>;
}

/**
 * Shared across gateway instances through Redis when REDIS_URL is set; otherwise in this process's memory.
 * A cache is an optimisation: while Redis is down or restarting, every lookup is a miss at once and the
 * answer is computed as without a cache (the client's default offline queue would hold every request until
 * Redis returns), and the client reconnects in the background.
 */
export function createResponseCacheStore(redisUrl: string | undefined, logger: Logger): ResponseCacheStore {
  if (redisUrl) {
    const store = new KeyvRedis<string>(
      { url: redisUrl, disableOfflineQueue: true, socket: { connectTimeout: REDIS_CONNECT_TIMEOUT_MS } },
      { throwOnConnectError: false, throwOnErrors: false, connectionTimeout: REDIS_CONNECT_TIMEOUT_MS },
    );
    const keyv = new Keyv<string>(store, { namespace: 'bkn-gateway-response' });
    let lastWarning = -Infinity;
    keyv.on('error', (error: unknown) => {
      if (performance.now() - lastWarning < REDIS_WARNING_INTERVAL_MS) return;
      lastWarning = performance.now();
      logger.warn(
        { err: error, redis: new URL(redisUrl).host },
        'response cache: Redis failed, answering without the cache meanwhile',
      );
    });
    // The adapter types keyv through its CommonJS declarations, @keyv/redis through the ESM ones: same class.
    return {
      cache: new KeyvAdapter(keyv as unknown as ConstructorParameters<typeof KeyvAdapter<string>>[0]),
      close: () => store.disconnect(),
    };
  }
  return { cache: new InMemoryLRUCache<string>({ maxSize: 64 * 1024 * 1024 }), close: async () => {} };
}

/**
 * Whole-response cache keyed by operation, variables, the data version and the caller's roles. It honours
 * the cache hints the subgraphs send (the shortest wins, an answer without one is not cached) and caps them
 * at `ttlSeconds`; an import moves the data version, so that no answer from before it is served again.
 */
export function responseCache(options: {
  ttlSeconds: number;
  dataVersion: DataVersionPoller;
}): Array<ApolloServerPlugin<GatewayContext>> {
  const versionKnown = async () => options.dataVersion.current() !== undefined;
  return [
    {
      async requestDidStart({ overallCachePolicy }) {
        overallCachePolicy.restrict({ maxAge: options.ttlSeconds });
      },
    },
    responseCachePlugin<GatewayContext>({
      // The roles decide what a caller may read, so callers with different roles never share an answer.
      extraCacheKeyData: async ({ contextValue }) => ({
        dataVersion: options.dataVersion.current(),
        roles: [...contextValue.identity.roles].sort(),
      }),
      shouldReadFromCache: versionKnown,
      shouldWriteToCache: versionKnown,
    }),
  ];
}
