import { LRUCache } from 'lru-cache';
import type { Logger } from '../../shared/logging/logger.ts';
import { cacheRedis } from '../redis/cache-redis.ts';

export interface StoredEntity {
  key: string;
  /** The entity's answer as JSON text, with the cache-control header it came with. */
  value: string;
  ttlMs: number;
}

/** Where cached entities live: this process's memory, or Redis shared by every gateway instance. */
export interface EntityCacheStore {
  /** One lookup for many keys: one Redis round trip for a whole slice of representations. */
  getMany(keys: string[]): Promise<Array<string | undefined>>;
  setMany(entries: StoredEntity[]): Promise<void>;
  /** Bytes held in this process (0 for Redis, whose memory is its own). */
  bytesHeld(): number;
  close(): Promise<void>;
}

/** A least-recently-used store bounded by the bytes of its keys and values (UTF-16: two bytes a character). */
export function inMemoryEntityStore(maxBytes: number): EntityCacheStore {
  const lru = new LRUCache<string, string>({
    maxSize: maxBytes,
    sizeCalculation: (value, key) => 2 * (value.length + key.length),
  });
  return {
    getMany: async (keys) => keys.map((key) => lru.get(key)),
    setMany: async (entries) => {
      for (const { key, value, ttlMs } of entries) lru.set(key, value, { ttl: ttlMs });
    },
    bytesHeld: () => lru.calculatedSize,
    close: async () => lru.clear(),
  };
}

/**
 * Entities shared across gateway instances through Redis. A cache is an optimisation: while Redis is down every
 * lookup is a miss at once (no offline queue), writes are dropped, and the client reconnects in the background.
 */
export function redisEntityStore(redisUrl: string, logger: Logger): EntityCacheStore {
  const { keyv, close } = cacheRedis(
    redisUrl,
    'bkn-gateway-entity',
    logger,
    'entity cache: Redis failed, fetching every entity',
  );
  return {
    getMany: async (keys) => {
      try {
        return (await keyv.getMany<string>(keys)).map((value) => value ?? undefined);
      } catch {
        return keys.map(() => undefined);
      }
    },
    setMany: async (entries) => {
      try {
        await keyv.setMany(entries.map(({ key, value, ttlMs }) => ({ key, value, ttl: ttlMs })));
      } catch {
        // Dropped: the next lookup misses and fetches again.
      }
    },
    bytesHeld: () => 0,
    close,
  };
}
