/**
 * Issue 13's figures of one gateway run, from the counters read at its window's edges: how many requests went
 * to the regions per question, what each cost the regional services, and how the entity cache answered.
 */
import type { Measurement } from './measure-phase.ts';

/** CPU ms of the regional processes (regional-<code>, and S5's regional-shards-<n>) over the window. */
export function regionalCpuMs(measurement: Measurement): number {
  return Object.entries(measurement.cpuMs).reduce(
    (total, [name, ms]) => (name.startsWith('regional-') ? total + ms : total),
    0,
  );
}

/**
 * The operations' regional requests: those the gateway sent and those that rode inside them (coalesced while a
 * region was busy), as many as it sent before it coalesced any; null when not counted.
 */
function operationRequests(measurement: Measurement): number | null {
  const requests = measurement.gateway?.regionalRequests;
  if (requests === null || requests === undefined) return null;
  return requests + (measurement.gateway?.coalescedRequests ?? 0);
}

/** The operations' regional requests per answered question (the gateway's HTTP requests carry one or more). */
export function operationRequestsPerQuestion(measurement: Measurement): number {
  const requests = operationRequests(measurement);
  if (requests === null || measurement.load.requests === 0) return Number.NaN;
  return requests / measurement.load.requests;
}

/**
 * Regional CPU per operation's regional request: the unit of issue 13's "regional CPU per `_entities` request",
 * measured when each HTTP request carried one operation's cells.
 */
export function regionalCpuMsPerOperationRequest(measurement: Measurement): number {
  const requests = operationRequests(measurement);
  if (requests === null || requests === 0) return Number.NaN;
  return regionalCpuMs(measurement) / requests;
}

/** Regional HTTP requests per answered question; NaN when the gateway's counter was not read. */
export function regionalRequestsPerQuestion(measurement: Measurement): number {
  const requests = measurement.gateway?.regionalRequests;
  if (requests === null || requests === undefined || measurement.load.requests === 0) return Number.NaN;
  return requests / measurement.load.requests;
}

/**
 * Regional CPU per HTTP request the gateway sent to a region (in S2 and S3 each is an `_entities` request for one
 * region's cells, of one operation or of several coalesced); NaN when the counter was not read or none went out.
 */
export function regionalCpuMsPerRegionalRequest(measurement: Measurement): number {
  const requests = measurement.gateway?.regionalRequests;
  if (requests === null || requests === undefined || requests === 0) return Number.NaN;
  return regionalCpuMs(measurement) / requests;
}

/** Hits ÷ lookups of the entity cache in the window; NaN without the metric or without a lookup. */
export function entityCacheHitRatio(measurement: Measurement): number {
  const cache = measurement.gateway?.entityCache;
  if (!cache || cache.hits + cache.misses === 0) return Number.NaN;
  return cache.hits / (cache.hits + cache.misses);
}
