import { deflateRawSync, inflateRawSync } from 'node:zlib';
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

/**
 * A least-recently-used store bounded by the memory its entries hold. Each key and value is kept as a flat copy of
 * exactly its characters: as the cache receives them (concatenations and JSON.stringify output) they hold 60 % more
 * than their characters for as long as they stay (841 against 528 bytes for an entry of 387 characters, measured).
 * An entry counts its characters at one byte each (two if any is beyond Latin-1, as V8 stores them), plus what the
 * LRU and the two strings hold besides (measured: 141 bytes).
 *
 * A value of DEFLATE_FROM_CHARS or more is kept deflated instead: national's whole answer over 200 regions is
 * hundreds of times a cell's size, and the questions of a dashboard cycle through more of them than fit, so that
 * the LRU evicted each before it was asked again (46 hits, 475 misses in S5 at 200 shards with 64 MB held). JSON
 * deflates five to ten times, and inflating 60 KB takes about 0.1 ms, against the tens of ms national spends.
 */
export function inMemoryEntityStore(maxBytes: number): EntityCacheStore {
  const lru = new LRUCache<string, string | Buffer>({
    maxSize: maxBytes,
    sizeCalculation: (value, key) =>
      bytesOf(key) + (typeof value === 'string' ? bytesOf(value) : value.length) + ENTRY_OVERHEAD_BYTES,
  });
  return {
    getMany: async (keys) => keys.map((key) => textOf(lru.get(key))),
    setMany: async (entries) => {
      for (const { key, value, ttlMs } of entries) lru.set(compact(key), kept(value), { ttl: ttlMs });
    },
    bytesHeld: () => lru.calculatedSize,
    close: async () => lru.clear(),
  };
}

export const DEFLATE_FROM_CHARS = 16 * 1024;
const ENTRY_OVERHEAD_BYTES = 144;
const BEYOND_LATIN_1 = /[\u0100-\uffff]/;

const encodingOf = (text: string): BufferEncoding => (BEYOND_LATIN_1.test(text) ? 'utf16le' : 'latin1');

const bytesOf = (text: string) => (encodingOf(text) === 'latin1' ? text.length : 2 * text.length);

/** A flat string of exactly these characters, in the one or two bytes a character V8 keeps them in. */
function compact(text: string): string {
  const encoding = encodingOf(text);
  return Buffer.from(text, encoding).toString(encoding);
}

/** A value as the store keeps it: deflated when large (fastest level: it is done once per miss), else compact. */
const kept = (value: string): string | Buffer =>
  value.length >= DEFLATE_FROM_CHARS ? deflateRawSync(Buffer.from(value, 'utf8'), { level: 1 }) : compact(value);

const textOf = (stored: string | Buffer | undefined): string | undefined =>
  stored === undefined || typeof stored === 'string' ? stored : inflateRawSync(stored).toString('utf8');

/**
 * Entities shared across gateway instances through Redis. A cache is an optimisation: while Redis is down every
 * lookup is a miss at once (no offline queue); while it hangs, the first lookup waits 50 ms and the rest are
 * misses at once until it answers again (gateway/redis/redis-command-timeout.ts). Writes are fire-and-forget and
 * dropped meanwhile, and the client reconnects in the background.
 */
export function redisEntityStore(redisUrl: string, logger: Logger): EntityCacheStore {
  const { keyv, attempt, close } = cacheRedis(
    redisUrl,
    'bkn-gateway-entity',
    logger,
    'entity cache: Redis failed or did not answer, fetching every entity',
  );
  return {
    getMany: (keys) =>
      attempt(
        async () => (await keyv.getMany<string>(keys)).map((value) => value ?? undefined),
        () => keys.map(() => undefined),
      ),
    // Dropped on failure: the next lookup misses and fetches again.
    setMany: (entries) =>
      attempt(
        async () => {
          await keyv.setMany(entries.map(({ key, value, ttlMs }) => ({ key, value, ttl: ttlMs })));
        },
        () => undefined,
      ),
    bytesHeld: () => 0,
    close,
  };
}
