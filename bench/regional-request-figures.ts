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

/** Regional requests per answered question; NaN when the gateway's counter was not read. */
export function regionalRequestsPerQuestion(measurement: Measurement): number {
  const requests = measurement.gateway?.regionalRequests;
  if (requests === null || requests === undefined || measurement.load.requests === 0) return Number.NaN;
  return requests / measurement.load.requests;
}

/**
 * Regional CPU per request the gateway sent to a region (in S2 and S3 each is an `_entities` request for one
 * region's cells); NaN when the counter was not read or no request went out.
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
