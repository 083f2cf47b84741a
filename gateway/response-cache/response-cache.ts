import type { ApolloServerPlugin } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { cacheRedis } from '../redis/cache-redis.ts';
import type { Logger } from '../../shared/logging/logger.ts';
import type { GatewayContext } from '../logging/request-logging.ts';
import type { DataVersionPoller } from '../data-version/data-version-poller.ts';

export interface ResponseCacheStore {
  cache: KeyValueCache<string>;
  /** Closes the Redis connection, if any: without it a stopped gateway would keep reconnecting. */
  close(): Promise<void>;
}

/** The in-process response cache's bound (without REDIS_URL). */
export const RESPONSE_CACHE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Shared across gateway instances through Redis when REDIS_URL is set; otherwise in this process's memory.
 * A cache is an optimisation: while Redis is down or restarting, every lookup is a miss at once and the
 * answer is computed as without a cache (the client's default offline queue would hold every request until
 * Redis returns), and the client reconnects in the background. While Redis hangs, the first lookup waits 50 ms
 * and the rest are misses at once until it answers again (gateway/redis/redis-command-timeout.ts). The same
 * bound holds for Apollo Server's persisted queries, which it keeps in this cache too.
 */
export function createResponseCacheStore(redisUrl: string | undefined, logger: Logger): ResponseCacheStore {
  if (redisUrl) {
    const { keyv, attempt, close } = cacheRedis(
      redisUrl,
      'bkn-gateway-response',
      logger,
      'response cache: Redis failed or did not answer, answering without the cache meanwhile',
    );
    // The adapter types keyv through its CommonJS declarations, @keyv/redis through the ESM ones: same class.
    const adapter = new KeyvAdapter(keyv as unknown as ConstructorParameters<typeof KeyvAdapter<string>>[0]);
    const nothing = () => undefined;
    const cache: KeyValueCache<string> = {
      get: (key) => attempt(() => adapter.get(key), nothing),
      // The response cache plugin writes in the background: a dropped write is a later miss.
      set: (key, value, options) => attempt(() => adapter.set(key, value, options), nothing),
      delete: (key) => attempt(() => adapter.delete(key), nothing),
    };
    return { cache, close };
  }
  return { cache: new InMemoryLRUCache<string>({ maxSize: RESPONSE_CACHE_MAX_BYTES }), close: async () => {} };
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
