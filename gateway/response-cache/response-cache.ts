import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import { InMemoryLRUCache, PrefixingKeyValueCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { keepAnswerText } from '../subgraph-http/verbatim-answer-text.ts';
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

type CacheHint = Parameters<GraphQLRequestContext<GatewayContext>['overallCachePolicy']['replace']>[0];

/** What a cached answer is kept with: its cache policy and when it was computed. */
export interface CachedAnswerHeader {
  cachePolicy: CacheHint;
  cacheTime: number;
}

/** Keys of this cache's entries, apart from the persisted queries Apollo Server keeps in the same store. */
const KEY_PREFIX = 'bkn-answer:';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * An entry: the header's JSON, a newline, then the answer as the gateway writes it (`{"data":…}` and a newline).
 * JSON.stringify never writes a newline of its own, so the first one ends the header.
 */
export const entryOf = (header: CachedAnswerHeader, answerText: string) => `${JSON.stringify(header)}\n${answerText}`;

/**
 * An entry's header and answer, the answer parsed and its text kept for writing (verbatim-answer-text.ts); undefined
 * for an entry that is not one (written by something else into a shared Redis, or cut short): a miss, never an error.
 */
export function readCachedAnswer(
  entry: string,
): { header: CachedAnswerHeader; data: Record<string, unknown> } | undefined {
  const end = entry.indexOf('\n');
  if (end < 0) return undefined;
  try {
    const header = JSON.parse(entry.slice(0, end)) as CachedAnswerHeader;
    const answerText = entry.slice(end + 1);
    const answer = JSON.parse(answerText) as { data?: unknown };
    if (typeof header?.cacheTime !== 'number' || typeof answer?.data !== 'object' || answer.data === null)
      return undefined;
    keepAnswerText(answer, answerText);
    return { header, data: answer.data as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

/**
 * Whole-response cache keyed by operation, variables, the data version and the caller's roles. It honours
 * the cache hints the subgraphs send (the shortest wins, an answer without one is not cached) and caps them
 * at `ttlSeconds`; an import moves the data version, so that no answer from before it is served again.
 *
 * The lookup and the rules are those of @apollo/server-plugin-response-cache, which this replaces: that plugin
 * keeps the answer's `data` as JSON and, on every hit, parses it and lets Apollo Server serialise it again, which
 * was a third of the gateway's CPU for S4's cached questions (`docs/performance.md`, twenty-first pass). Here the
 * answer is kept as the text the gateway writes, and a hit is written as that text (verbatim-answer-text.ts); it is
 * still parsed, since Apollo Server's pipeline and the CSV route read the answer's `data`. Private answers are not
 * cached (no session is known), as with that plugin without a `sessionId`.
 */
export function responseCache(options: {
  ttlSeconds: number;
  dataVersion: DataVersionPoller;
  cache: KeyValueCache<string>;
}): Array<ApolloServerPlugin<GatewayContext>> {
  const cache = new PrefixingKeyValueCache(options.cache, KEY_PREFIX);
  return [
    {
      async requestDidStart({ overallCachePolicy }) {
        overallCachePolicy.restrict({ maxAge: options.ttlSeconds });
        let key: string | undefined;
        let hitAge: number | undefined;
        return {
          async responseForOperation(requestContext) {
            requestContext.metrics.responseCacheHit = false;
            const version = options.dataVersion.current();
            if (requestContext.operation?.operation !== 'query' || version === undefined) return null;
            // The roles decide what a caller may read, so callers with different roles never share an answer.
            key = sha256(
              JSON.stringify({
                source: requestContext.source,
                operationName: requestContext.operationName,
                variables: requestContext.request.variables ?? {},
                dataVersion: version,
                roles: [...requestContext.contextValue.identity.roles].sort(),
              }),
            );
            const entry = await cache.get(key);
            const kept = entry === undefined ? undefined : readCachedAnswer(entry);
            if (!kept) return null;
            const { header, data } = kept;
            requestContext.overallCachePolicy.replace(header.cachePolicy);
            requestContext.metrics.responseCacheHit = true;
            hitAge = Math.round((Date.now() - header.cacheTime) / 1000);
            return {
              body: { kind: 'single', singleResult: { data } },
              http: { status: undefined, headers: new HeaderMap() },
            };
          },
          async willSendResponse({ response, metrics, overallCachePolicy: policy, logger }) {
            if (response.body.kind !== 'single' || key === undefined) return;
            if (metrics.responseCacheHit) {
              response.http.headers.set('age', String(hitAge));
              return;
            }
            const { data, errors } = response.body.singleResult;
            const cachePolicy = policy.policyIfCacheable();
            if (errors || !data || !cachePolicy || cachePolicy.scope === 'PRIVATE') return;
            // In the background, as the plugin it replaces did: a dropped write is a later miss.
            cache
              .set(key, entryOf({ cachePolicy, cacheTime: Date.now() }, `${JSON.stringify({ data })}\n`), {
                ttl: cachePolicy.maxAge,
              })
              .catch((error: unknown) => logger.warn(error));
          },
        };
      },
    },
  ];
}
