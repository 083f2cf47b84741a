import { metricRegistry } from '../../shared/observability/metrics.ts';

/**
 * The regional entity lookups of the gateways in this test process so far, by result, as /metrics counts them
 * (one metric registry per process): compare two readings around a question.
 */
export async function entityLookups(): Promise<{ hit: number; miss: number }> {
  const metric = await metricRegistry.getSingleMetric('bkn_entity_cache_lookups_total')?.get();
  const count = (result: string) =>
    (metric?.values ?? [])
      .filter((value) => value.labels.result === result && value.labels.subgraph === 'regional')
      .reduce((sum, value) => sum + value.value, 0);
  return { hit: count('hit'), miss: count('miss') };
}
