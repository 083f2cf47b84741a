import type { ApolloServerPlugin } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import KeyvRedis, { Keyv } from '@keyv/redis';
import type { GatewayContext } from '../logging/request-logging.ts';
import type { DataVersionPoller } from './data-version-poller.ts';

/** Shared across gateway instances through Redis when REDIS_URL is set; otherwise in this process's memory. */
export function createResponseCacheStore(redisUrl: string | undefined): KeyValueCache<string> {
  if (redisUrl) {
    const keyv = new Keyv<string>(new KeyvRedis(redisUrl), { namespace: 'bkn-gateway-response' });
    // The adapter types keyv through its CommonJS declarations, @keyv/redis through the ESM ones: same class.
    return new KeyvAdapter(keyv as unknown as ConstructorParameters<typeof KeyvAdapter<string>>[0]);
  }
  return new InMemoryLRUCache<string>({ maxSize: 64 * 1024 * 1024 });
}

/**
 * Whole-response cache keyed by operation, variables and the data version. It honours the cache hints
 * the subgraphs send (the shortest wins, an answer without one is not cached) and caps them at `ttlSeconds`;
 * an import moves the data version, so that no answer from before it is served again.
 */
export function responseCache(options: { ttlSeconds: number; dataVersion: DataVersionPoller }): Array<ApolloServerPlugin<GatewayContext>> {
  const versionKnown = async () => options.dataVersion.current() !== undefined;
  return [
    {
      async requestDidStart({ overallCachePolicy }) {
        overallCachePolicy.restrict({ maxAge: options.ttlSeconds });
      },
    },
    responseCachePlugin<GatewayContext>({
      extraCacheKeyData: async () => options.dataVersion.current(),
      shouldReadFromCache: versionKnown,
      shouldWriteToCache: versionKnown,
    }),
  ];
}
