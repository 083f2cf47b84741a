import { describe, expect, it } from 'vitest';
import {
  planRouting,
  rewriteErrorPath,
  routeEntitiesByRegion,
  routeEntityFetchesByRegion,
} from '../../gateway/shard-router/route-entities-by-region.ts';
import { routeRootFieldsByRegion } from '../../gateway/shard-router/route-root-fields-by-region.ts';
import { SubgraphHttpError } from '../../gateway/subgraph-http/post-graphql.ts';

const KEY = { fieldByType: { Region: 'code' }, defaultField: 'regionCode' };
const cell = (regionCode: string, year: number) => ({
  __typename: 'IndicatorValue',
  indicatorId: 'IKU-09',
  regionCode,
  year,
});

// The routing logic alone; the same router over real HTTP services is covered in test/e2e.
describe('routing entities by region', () => {
  it('splits interleaved representations into per-region slices that keep the original order', () => {
    const plan = planRouting(
      [cell('VI', 2021), { __typename: 'Region', code: 'XII' }, cell('VI', 2024), cell('XII', 2024)],
      KEY,
      () => true,
    );
    expect([...plan.slices]).toEqual([
      ['VI', [0, 2]],
      ['XII', [1, 3]],
    ]);
  });

  it('maps error paths of a slice back to the original indexes', () => {
    expect(rewriteErrorPath({ message: 'x', path: ['_entities', 1, 'plan'] }, [4, 7])).toEqual({
      message: 'x',
      path: ['_entities', 7, 'plan'],
    });
    expect(rewriteErrorPath({ message: 'x' }, [4, 7])).toEqual({ message: 'x' });
  });

  it('keeps the other regions’ answers when one region fails, and names it', async () => {
    const response = await routeEntitiesByRegion({
      representations: [cell('VI', 2021), cell('XII', 2024), cell('VI', 2024)],
      key: KEY,
      configuredRegions: ['VI', 'XII'],
      send: async (region, slice) => {
        if (region === 'XII') throw new SubgraphHttpError('no answer within 10 ms', 'TIMEOUT');
        return {
          data: {
            _entities: slice.map((representation) => ({ seen: `${representation.regionCode}-${representation.year}` })),
          },
        };
      },
    });
    expect(response.data!._entities).toEqual([{ seen: 'VI-2021' }, null, { seen: 'VI-2024' }]);
    expect(response.errors).toEqual([
      expect.objectContaining({
        path: ['_entities', 1],
        extensions: expect.objectContaining({ code: 'REGION_UNAVAILABLE', region: 'XII', reason: 'TIMEOUT' }),
      }),
    ]);
  });

  it('treats an answer with the wrong number of entities as a failed region rather than misplacing data', async () => {
    const response = await routeEntitiesByRegion({
      representations: [cell('VI', 2021), cell('VI', 2024)],
      key: KEY,
      configuredRegions: ['VI'],
      send: async () => ({ data: { _entities: [{}] } }),
    });
    expect(response.data!._entities).toEqual([null, null]);
    expect(response.errors![0]!.message).toContain('expected 2 entities, got 1');
  });

  it('answers REGION_NOT_CONFIGURED for a region without a service and for a representation without a region', async () => {
    const response = await routeEntitiesByRegion({
      representations: [cell('II', 2021), { __typename: 'IndicatorValue' }],
      key: KEY,
      configuredRegions: ['VI'],
      send: async () => {
        throw new Error('must not be called');
      },
    });
    expect(response.data!._entities).toEqual([null, null]);
    expect(response.errors!.map((error) => error.extensions)).toEqual([
      expect.objectContaining({ code: 'REGION_NOT_CONFIGURED', region: 'II' }),
      expect.objectContaining({ code: 'REGION_NOT_CONFIGURED', region: null }),
    ]);
  });
});

describe('routing many regions', () => {
  it('keeps at most the configured number of regions in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const regions = Array.from({ length: 20 }, (_, index) => `R${index}`);
    const response = await routeEntitiesByRegion({
      representations: regions.map((region) => cell(region, 2024)),
      key: KEY,
      configuredRegions: regions,
      maxConcurrentRegions: 4,
      send: async (_region, slice) => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return { data: { _entities: slice.map(() => ({})) } };
      },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toHaveLength(20);
    expect(most).toBe(4);
  });
});

describe('routing root fields by their region argument', () => {
  const QUERY = `query Totals($a: String!, $year: Int!, $unused: Int) {
  first: plan(region: $a, year: $year) { ...Total }
  second: plan(region: "xii", year: 2024) { regionCode }
}
fragment Total on WorkPlan { totalBudget }`;

  it('gives each region only its fields, with the fragments and variables they use, and merges by response key', async () => {
    const sent = new Map<string, { query: string; variables: Record<string, unknown> }>();
    const response = await routeRootFieldsByRegion({
      query: QUERY,
      variables: { a: 'VI', year: 2021, unused: 1 },
      configuredRegions: ['VI', 'XII'],
      send: async (region, operation) => {
        sent.set(region, operation);
        return { data: region === 'VI' ? { first: { totalBudget: 1 } } : { second: { regionCode: 'XII' } } };
      },
    });
    expect(response).toEqual({ data: { first: { totalBudget: 1 }, second: { regionCode: 'XII' } } });
    expect(sent.get('VI')!.query).toContain('fragment Total');
    expect(sent.get('VI')!.query).not.toContain('second');
    expect(sent.get('VI')!.variables).toEqual({ a: 'VI', year: 2021 });
    expect(sent.get('XII')!.query).not.toContain('fragment Total');
    expect(sent.get('XII')!.query).not.toContain('$year');
    expect(sent.get('XII')!.variables).toEqual({});
  });

  it('sends an operation whose fields all name one region unchanged', async () => {
    const sent: string[] = [];
    await routeRootFieldsByRegion({
      query: QUERY,
      variables: { a: 'XII', year: 2021 },
      configuredRegions: ['VI', 'XII'],
      send: async (_region, operation) => {
        sent.push(operation.query);
        return { data: {} };
      },
    });
    expect(sent).toEqual([QUERY]);
  });

  it('sends each region its slices of several fetches at once, and answers and fails each fetch apart', async () => {
    const total = (regionCode: string, year: number) => ({ __typename: 'RegionYear', regionCode, year });
    const asked: Array<[string, number[], number[]]> = [];
    const [cells, totals] = await routeEntityFetchesByRegion({
      fetches: [
        [cell('VI', 2021), cell('XII', 2024), cell('VI', 2024)],
        [total('XII', 2024), total('VI', 2021), total('I', 2021)],
      ],
      key: KEY,
      configuredRegions: ['VI', 'XII', 'I'],
      send: (region, slices) => {
        asked.push([region, slices.map((slice) => slice.fetch), slices.map((slice) => slice.representations.length)]);
        if (region === 'XII')
          return slices.map(async () => Promise.reject(new SubgraphHttpError('refused', 'HTTP_STATUS')));
        return slices.map(async ({ representations }) => ({
          data: { _entities: representations.map((entry) => ({ seen: `${entry.__typename} ${entry.year}` })) },
        }));
      },
    });
    // One call per region, with each fetch that has entries there.
    expect(asked).toEqual([
      ['VI', [0, 1], [2, 1]],
      ['XII', [0, 1], [1, 1]],
      ['I', [1], [1]],
    ]);
    expect(cells!.data!._entities).toEqual([{ seen: 'IndicatorValue 2021' }, null, { seen: 'IndicatorValue 2024' }]);
    expect(totals!.data!._entities).toEqual([null, { seen: 'RegionYear 2021' }, { seen: 'RegionYear 2021' }]);
    // XII's failure is reported in each fetch, at that fetch's own index.
    expect(cells!.errors).toEqual([
      expect.objectContaining({
        path: ['_entities', 1],
        extensions: expect.objectContaining({ region: 'XII', entries: 1 }),
      }),
    ]);
    expect(totals!.errors).toEqual([
      expect.objectContaining({
        path: ['_entities', 0],
        extensions: expect.objectContaining({ region: 'XII', entries: 1 }),
      }),
    ]);
  });
});
