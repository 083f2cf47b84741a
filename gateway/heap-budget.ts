import { getHeapStatistics } from 'node:v8';
import type { GatewayConfig } from './config.ts';
import { RESPONSE_CACHE_MAX_BYTES } from './response-cache/response-cache.ts';

/**
 * The old space every launch of the gateway gives node (`--max-old-space-size`: package.json's serve:gateway, the
 * Dockerfile, docker-compose.yml, the bench; `GATEWAY_NODE_FLAGS` below). Without a limit, node on a large machine
 * allows a heap of several gigabytes, and V8 then lets garbage pile up to several times what is live before it
 * collects: the gateway's RSS under load was 430–640 MB with a cache of a few MB. With any explicit limit from
 * 192 MB to 1 GB, V8 grows the heap more slowly: RSS was 234–256 MB for the same load, at the same CPU per request
 * (docs/performance.md). 1 GB keeps room for large caches and exports.
 */
export const GATEWAY_MAX_OLD_SPACE_MB = 1024;

/**
 * The young generation's semi-space every launch of the gateway gives node (`--max-semi-space-size`, in MB; V8's
 * default is 16). Under load the gateway holds many questions' answers in flight, and each scavenge copies what is
 * still in flight; with scavenges four times rarer, fewer answers are caught half merged. At 14 connections asking
 * S3's budget comparisons, side by side with a gateway at the default, the gateway spent a fifth less CPU a
 * question (26 against 33 ms), and S2 a tenth less; 32 MB did not help. It costs RSS: about 100 MB more under
 * that load (docs/performance.md, nineteenth pass).
 */
export const GATEWAY_MAX_SEMI_SPACE_MB = 64;

/** The node flags of every launch of the gateway, in this order. */
export const GATEWAY_NODE_FLAGS: readonly string[] = [
  `--max-old-space-size=${GATEWAY_MAX_OLD_SPACE_MB}`,
  `--max-semi-space-size=${GATEWAY_MAX_SEMI_SPACE_MB}`,
];

/** What the gateway holds besides its caches (supergraph, query plans, parsed documents, answers in flight), with room. */
const BASE_HEAP_MB = 256;

const MB = 1024 * 1024;

/** The heap the configured caches need at most, with the gateway's own share. */
export function heapNeededMb(config: GatewayConfig): number {
  const responseCacheOn = config.responseCacheTtlSeconds > 0;
  const inProcess = (bytes: number) => (config.redisUrl ? 0 : bytes);
  const cacheBytes =
    inProcess(config.entityCacheMaxBytes) +
    (responseCacheOn ? inProcess(RESPONSE_CACHE_MAX_BYTES) + config.staleCellsMaxBytes : 0);
  return BASE_HEAP_MB + Math.ceil(cacheBytes / MB);
}

/**
 * Refuses to start when the caches the settings ask for do not fit the heap node allows: a gateway that would run
 * out of memory under load, and crash, is told so at start instead, with what to change.
 */
export function checkHeapBudget(config: GatewayConfig, heapLimitBytes = getHeapStatistics().heap_size_limit): void {
  const needed = heapNeededMb(config);
  const allowed = Math.floor(heapLimitBytes / MB);
  if (needed <= allowed) return;
  throw new Error(
    `the caches need about ${needed} MB of heap (ENTITY_CACHE_MB, and with RESPONSE_CACHE_TTL_SECONDS the response ` +
      `cache and STALE_CELLS_MAX_MB), and node allows ${allowed} MB: lower them, or start node with ` +
      `--max-old-space-size=${needed} or more`,
  );
}
