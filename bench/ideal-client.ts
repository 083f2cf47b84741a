import type { Dispatcher } from 'undici';
import { routeEntitiesByRegion } from '../gateway/shard-router/route-entities-by-region.ts';
import { postGraphQL, type GraphQLHttpResponse } from '../gateway/subgraph-http/post-graphql.ts';
import { DEFAULT_REGION_KEY } from '../shared/federation/subgraph-list.ts';
import { BUDGET_CELLS_QUERY, BUDGET_GRID_QUERY, INDICATOR_CELLS_QUERY, INDICATOR_GRID_QUERY } from './bench-queries.ts';
import { summariseLatencies, type LatencySummary } from './latency-summary.ts';

export type IdealClientScenario = 'S2' | 'S3';

export interface IdealClientConfig {
  scenario: IdealClientScenario;
  nationalUrl: string;
  /** Region code → that region's GraphQL URL. */
  regionUrls: Record<string, string>;
  variables: Array<Record<string, unknown>>;
  connections: number;
  warmupS: number;
  durationS: number;
}

export interface IdealClientResult extends LatencySummary {
  graphqlErrors: number;
  failedRequests: number;
  firstError?: string;
}

type Representation = Record<string, unknown>;

/**
 * What a hand-written client that knows the topology would do: ask national for the grid's cell keys, then
 * send each region its cells straight away, all regions at once, and merge the answers into the grid. It
 * does not compute rows or summaries (the gateway's second national fetch), so it is a bound, not a peer.
 */
export function createIdealClient(config: IdealClientConfig, agent: Dispatcher) {
  const timeoutMs = 30_000;
  const configuredRegions = Object.keys(config.regionUrls);
  const post = (url: string, query: string, variables: Record<string, unknown>) =>
    postGraphQL({ agent, url, body: { query, variables }, headers: {}, timeoutMs });

  const fill = (representations: Representation[], query: string) =>
    routeEntitiesByRegion({
      representations,
      key: DEFAULT_REGION_KEY,
      configuredRegions,
      send: (region, slice) => post(config.regionUrls[region]!, query, { representations: slice }),
    });

  const merge = (keys: Representation[], filled: GraphQLHttpResponse) => {
    const entities = (filled.data?._entities ?? []) as Array<Representation | null>;
    return keys.map((key, index) => ({ ...key, ...(entities[index] ?? {}) }));
  };

  /** One question answered; resolves to the errors it met (empty when none). */
  async function ask(variables: Record<string, unknown>): Promise<string[]> {
    if (config.scenario === 'S2') {
      const grid = await post(config.nationalUrl, INDICATOR_GRID_QUERY, variables);
      const cells = ((grid.data?.compareIndicator as { cells?: Representation[] } | undefined)?.cells ??
        []) as Representation[];
      const filled = await fill(cells, INDICATOR_CELLS_QUERY);
      const merged = merge(cells, filled);
      return [...(grid.errors ?? []), ...(filled.errors ?? [])]
        .map((error) => error.message)
        .concat(merged.length ? [] : ['the grid has no cells']);
    }
    const grid = await post(config.nationalUrl, BUDGET_GRID_QUERY, variables);
    const comparison = (grid.data?.compareBudget ?? {}) as { cells?: Representation[]; totals?: Representation[] };
    const cells = comparison.cells ?? [];
    const totals = comparison.totals ?? [];
    // Cells and totals of a region go in one request: one round trip per region.
    const filled = await fill([...cells, ...totals], BUDGET_CELLS_QUERY);
    const merged = merge([...cells, ...totals], filled);
    return [...(grid.errors ?? []), ...(filled.errors ?? [])]
      .map((error) => error.message)
      .concat(merged.length ? [] : ['the grid has no cells']);
  }

  /**
   * `connections` loops, each asking its next question as soon as the last is answered, for warmupS +
   * durationS; only the answers inside the window after the warm-up count, as with autocannon.
   */
  async function run(hooks: { onWindowStart(): void; onWindowEnd(): void }): Promise<IdealClientResult> {
    let next = 0;
    let graphqlErrors = 0;
    let failedRequests = 0;
    let firstError: string | undefined;
    const latencies: number[] = [];
    let windowStart = Number.POSITIVE_INFINITY;
    let windowEnd = Number.POSITIVE_INFINITY;
    let stopped = false;
    const opening = setTimeout(() => {
      windowStart = performance.now();
      hooks.onWindowStart();
    }, config.warmupS * 1000);
    const closing = setTimeout(
      () => {
        windowEnd = performance.now();
        stopped = true;
        hooks.onWindowEnd();
      },
      (config.warmupS + config.durationS) * 1000,
    );
    const loop = async () => {
      while (!stopped) {
        const variables = config.variables[next++ % config.variables.length]!;
        const askedAt = performance.now();
        try {
          const errors = await ask(variables);
          const answered = performance.now();
          if (answered >= windowStart && answered <= windowEnd) latencies.push(answered - askedAt);
          if (errors.length) {
            graphqlErrors++;
            firstError ??= errors.slice(0, 3).join('; ');
          }
        } catch (error) {
          failedRequests++;
          firstError ??= (error as Error).message;
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: config.connections }, loop));
    } finally {
      clearTimeout(opening);
      clearTimeout(closing);
    }
    const summary = summariseLatencies(latencies, (windowEnd - windowStart) / 1000);
    return { ...summary, graphqlErrors, failedRequests, ...(firstError ? { firstError } : {}) };
  }

  return { ask, run };
}
