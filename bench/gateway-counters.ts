/**
 * What the bench reads from a gateway's GET /metrics (allowed from loopback: gateway/observability/
 * metrics-access.ts) at the edges of a measured window: how many requests it sent to the regions, and its entity
 * cache's lookups and size (issue 13). A metric the gateway does not have is `null` ("not measured"), never 0.
 */
import { parsePrometheusText, sumSamples } from './prometheus-text.ts';

/** Requests from the gateway to a subgraph; the sharded (regional) one's carry a non-empty `region` label. */
const SUBGRAPH_REQUESTS = 'bkn_gateway_subgraph_requests_total';
/** Operations' requests that went inside another operation's request to a busy region (REGION_REQUESTS_IN_FLIGHT). */
const COALESCED_REQUESTS = 'bkn_gateway_subgraph_requests_coalesced_total';
/** One per entity the gateway looked up in its entity cache, by `result` hit or miss. */
const ENTITY_CACHE_LOOKUPS = 'bkn_entity_cache_lookups_total';
const ENTITY_CACHE_BYTES = 'bkn_entity_cache_bytes';

export interface GatewayCounters {
  regionalRequests: number | null;
  coalescedRequests: number | null;
  /** Lookups for the sharded (regional) subgraph: the per-region entity cache of issue 13. */
  entityCacheHits: number | null;
  entityCacheMisses: number | null;
  /** Lookups for the unsharded subgraphs (national), which the same cache keeps by the graph's data version. */
  nationalCacheHits: number | null;
  nationalCacheMisses: number | null;
  entityCacheBytes: number | null;
}

/** The counters over a window (after − before), and the cache's size at its end. */
export interface GatewayCounts {
  /** `_entities` (and root-field) requests the gateway sent to the regional services. */
  regionalRequests: number | null;
  /**
   * Operations' requests that rode inside another's (each HTTP request above carries 1 + its riders): with them, the
   * requests the operations made, as many as the gateway sent before it coalesced any.
   */
  coalescedRequests: number | null;
  /**
   * The regional subgraph's lookups, and `national` those of the unsharded ones; null when the gateway has no
   * entity cache metric (no cache in that build).
   */
  entityCache: {
    hits: number;
    misses: number;
    national: { hits: number; misses: number };
    bytes: number | null;
  } | null;
}

/** The sharded subgraph's name when the gateway has sent it nothing yet (the repository's supergraph calls it so). */
const SHARDED_SUBGRAPH = 'regional';

const METRICS_TIMEOUT_MS = 10_000;

export async function readGatewayCounters(origin: string): Promise<GatewayCounters> {
  const response = await fetch(`${origin}/metrics`, { signal: AbortSignal.timeout(METRICS_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${origin}/metrics answered HTTP ${response.status}; expected the metrics`);
  const exposition = parsePrometheusText(await response.text());
  // The sharded subgraph is the one whose requests carry a region.
  const sharded = new Set(
    exposition.samples
      .filter((sample) => sample.name === SUBGRAPH_REQUESTS && sample.labels.region)
      .map((sample) => sample.labels.subgraph),
  );
  if (!sharded.size) sharded.add(SHARDED_SUBGRAPH);
  const lookups = (result: string, regional: boolean) =>
    sumSamples(
      exposition,
      ENTITY_CACHE_LOOKUPS,
      (labels) => labels.result === result && sharded.has(labels.subgraph ?? '') === regional,
    ) ?? null;
  const regionalRequests = sumSamples(exposition, SUBGRAPH_REQUESTS, (labels) => Boolean(labels.region)) ?? null;
  return {
    regionalRequests,
    // The counter has no sample until a first request is coalesced.
    coalescedRequests:
      regionalRequests === null
        ? null
        : (sumSamples(exposition, COALESCED_REQUESTS, (labels) => Boolean(labels.region)) ?? 0),
    entityCacheHits: lookups('hit', true),
    entityCacheMisses: lookups('miss', true),
    nationalCacheHits: lookups('hit', false),
    nationalCacheMisses: lookups('miss', false),
    entityCacheBytes: sumSamples(exposition, ENTITY_CACHE_BYTES) ?? null,
  };
}

const difference = (before: number | null, after: number | null) =>
  before === null || after === null ? null : after - before;

export function countsBetween(before: GatewayCounters, after: GatewayCounters): GatewayCounts {
  const hits = difference(before.entityCacheHits, after.entityCacheHits);
  const misses = difference(before.entityCacheMisses, after.entityCacheMisses);
  const national = {
    hits: difference(before.nationalCacheHits, after.nationalCacheHits) ?? 0,
    misses: difference(before.nationalCacheMisses, after.nationalCacheMisses) ?? 0,
  };
  return {
    regionalRequests: difference(before.regionalRequests, after.regionalRequests),
    coalescedRequests: difference(before.coalescedRequests, after.coalescedRequests),
    entityCache: hits === null || misses === null ? null : { hits, misses, national, bytes: after.entityCacheBytes },
  };
}

/**
 * Reads a gateway's counters when the measured window opens and when it closes. The window's edges are
 * synchronous, so each read starts there and is awaited once the load is over: the answer comes from a gateway
 * under load, a few ms late at both edges alike. A failed read makes the counts null rather than the run fail.
 */
export class GatewayCounterWindow {
  private before: Promise<GatewayCounters | undefined> | undefined;
  private after: Promise<GatewayCounters | undefined> | undefined;

  constructor(private readonly origin: string) {}

  private read(): Promise<GatewayCounters | undefined> {
    return readGatewayCounters(this.origin).catch(() => undefined);
  }

  /** `window` with a read of the counters at each of its edges. */
  around<Window extends { start(): void; end(): void }>(window: Window): Window {
    return {
      ...window,
      start: () => {
        window.start();
        this.before = this.read();
      },
      end: () => {
        window.end();
        this.after = this.read();
      },
    };
  }

  async counts(): Promise<GatewayCounts | undefined> {
    const [before, after] = await Promise.all([this.before, this.after]);
    return before && after ? countsBetween(before, after) : undefined;
  }
}
