/** Throughput and latency of one measured phase, from every answered request's latency in ms. */
export interface LatencySummary {
  /** Requests answered with HTTP 2xx. */
  requests: number;
  durationS: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

/** Nearest-rank percentile of sorted values; NaN for none. */
export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank]!;
}

export function summariseLatencies(latenciesMs: number[], durationS: number): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const sum = latenciesMs.reduce((total, value) => total + value, 0);
  return {
    requests: latenciesMs.length,
    durationS,
    requestsPerSecond: durationS > 0 ? latenciesMs.length / durationS : 0,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    meanMs: latenciesMs.length ? sum / latenciesMs.length : Number.NaN,
  };
}
