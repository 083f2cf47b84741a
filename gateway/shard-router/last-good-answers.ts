import { createHash } from 'node:crypto';
import type { GraphQLHttpResponse } from '../subgraph-http/post-graphql.ts';

export const DEFAULT_LAST_GOOD_ANSWERS_MAX_BYTES = 32 * 1024 * 1024;

/** A region's answer kept from before, and when it arrived. */
export interface LastGoodAnswer {
  body: GraphQLHttpResponse;
  asOf: Date;
}

/**
 * Each region's last good answer per question, to serve marked stale while that region is down. Keyed by
 * (shard: the sharded subgraph and the region, the exact request the region was sent, i.e. query text, variables
 * and its slice of representations, data version): an import moves the data version, so no answer from before it
 * is served for the figures after it. One LRU for every sharded subgraph, bounded by bytes: answers are kept as
 * their JSON text (what they cost), keys as a SHA-256.
 */
export class LastGoodAnswers {
  private readonly entries = new Map<string, { text: string; receivedAt: number }>();
  private bytes = 0;

  constructor(readonly maxBytes: number = DEFAULT_LAST_GOOD_ANSWERS_MAX_BYTES) {}

  /** `shard` names the subgraph and the region ("regional XII"): two sharded subgraphs never share an answer. */
  keyOf(shard: string, request: unknown, dataVersion: string): string {
    return createHash('sha256')
      .update(JSON.stringify([shard, dataVersion, request]))
      .digest('base64');
  }

  remember(key: string, body: GraphQLHttpResponse, receivedAt: number = Date.now()): void {
    const text = JSON.stringify(body);
    const cost = entryCost(key, text);
    if (cost > this.maxBytes) return;
    this.forget(key);
    this.entries.set(key, { text, receivedAt });
    this.bytes += cost;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entryCost(oldest, entry.text);
    }
  }

  recall(key: string): LastGoodAnswer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Most recently used last: Map keeps insertion order, so eviction takes the first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { body: JSON.parse(entry.text) as GraphQLHttpResponse, asOf: new Date(entry.receivedAt) };
  }

  get size(): number {
    return this.entries.size;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entryCost(key, entry.text);
  }
}

/** V8 keeps a string in one or two bytes a character; count two, plus the Map entry's own overhead. */
const entryCost = (key: string, text: string) => 2 * (key.length + text.length) + 64;
