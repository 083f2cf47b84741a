import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_CACHE_OFF, startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { closedPort } from '../support/closed-port.ts';

/**
 * A budget comparison's query plan asks the regions for its cells and, beside them, for its region-year totals
 * (which `spending` requires): two `_entities` fetches at once. The gateway sends each region both in one request.
 */
const compareBudget = (fields: string, codes: string[], regions: string[]) => `{
  compareBudget(level: RO, codes: ${JSON.stringify(codes)}, regions: ${JSON.stringify(regions)}, years: [2021, 2024]) {
    ${fields}
  }
}`;
const ROWS = 'rows { region { code } year code amount realisedAmount absorption missing }';
const SPENDING =
  'spending { region { code } year totalBudget pegawai operasional nonOperasional realisedBudget missing }';
const CODES = ['4843.EAA.002', '4843.EAB.005'];
const OTHER_CODES = ['4843.EAC.004'];

describe('the fetches of one question that run side by side, sent to each region as one request', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  let cachedGatewayUrl: string;

  const requestsAtRegions = () => ({ VI: cluster.requestsAt('VI'), XII: cluster.requestsAt('XII') });
  /** A question's answer and the requests each region received for it. */
  const ask = async (query: string, gatewayUrl = cluster.gatewayUrl) => {
    const before = requestsAtRegions();
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const answer = (await response.json()) as { data?: any; errors?: any[] };
    const after = requestsAtRegions();
    return { ...answer, requests: { VI: after.VI - before.VI, XII: after.XII - before.XII } };
  };

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI', 'XII'], {
      gatewayEnv: ENTITY_CACHE_OFF,
      extraRegionUrls: `XIV=http://127.0.0.1:${await closedPort()}/graphql`,
    });
    cachedGatewayUrl = (await cluster.startGateway({ ENTITY_CACHE_MB: '16' })).url;
  });
  afterAll(async () => {
    await cluster?.stop();
    await database?.dispose();
  });

  it('asks each region once for cells and totals, and answers as the two asked apart', async () => {
    const both = await ask(compareBudget(`${ROWS} ${SPENDING}`, CODES, ['VI', 'XII']));
    expect(both.errors).toBeUndefined();
    expect(both.requests).toEqual({ VI: 1, XII: 1 });

    // Rows need the cells alone and spending the totals alone: one fetch each, one request per region each.
    const rows = await ask(compareBudget(ROWS, CODES, ['VI', 'XII']));
    const spending = await ask(compareBudget(SPENDING, CODES, ['VI', 'XII']));
    expect([rows.requests, spending.requests]).toEqual([
      { VI: 1, XII: 1 },
      { VI: 1, XII: 1 },
    ]);
    expect(both.data.compareBudget.rows).toEqual(rows.data.compareBudget.rows);
    expect(both.data.compareBudget.spending).toEqual(spending.data.compareBudget.spending);
    // The documents' figures, as the comparisons test checks them against the plan files.
    expect(
      both.data.compareBudget.rows.find(
        (row: any) => row.region.code === 'VI' && row.year === 2021 && row.code === '4843.EAA.002',
      ),
    ).toMatchObject({ amount: 6346733000, missing: null });
    expect(
      both.data.compareBudget.spending.find((row: any) => row.region.code === 'VI' && row.year === 2021),
    ).toMatchObject({ totalBudget: 12218328000 });
  });

  it('reports a region that is down once per fetch, with that fetch its own entries', async () => {
    const answer = await ask(compareBudget(`${ROWS} ${SPENDING}`, CODES, ['VI', 'XIV']));
    expect(answer.requests.VI).toBe(1);
    const down = (answer.errors ?? []).filter((error) => error.extensions?.region === 'XIV');
    // National lays the cells and totals out; each fetch's error counts its own entries of XIV.
    const grid = await ask(compareBudget('cells { regionCode } totals { regionCode }', CODES, ['VI', 'XIV']));
    const ofXiv = (entries: Array<{ regionCode: string }>) => entries.filter((entry) => entry.regionCode === 'XIV');
    const { cells, totals } = grid.data.compareBudget;
    expect(ofXiv(cells).length).toBeGreaterThan(ofXiv(totals).length);
    expect(down.map((error) => [error.extensions.code, error.extensions.entries])).toEqual(
      expect.arrayContaining([
        ['REGION_UNAVAILABLE', ofXiv(cells).length],
        ['REGION_UNAVAILABLE', ofXiv(totals).length],
      ]),
    );
    expect(down).toHaveLength(2);
    const vi = answer.data.compareBudget.spending.find((row: any) => row.region.code === 'VI' && row.year === 2021);
    expect(vi).toMatchObject({ totalBudget: 12218328000 });
  });

  it('with the entity cache on, asks a region once for what neither fetch has kept, and nothing when both have', async () => {
    const question = compareBudget(`${ROWS} ${SPENDING}`, CODES, ['VI', 'XII']);
    const first = await ask(question, cachedGatewayUrl);
    expect(first.requests).toEqual({ VI: 1, XII: 1 });
    const repeated = await ask(question, cachedGatewayUrl);
    expect(repeated.requests).toEqual({ VI: 0, XII: 0 });
    expect(repeated.data).toEqual(first.data);

    // Other codes: the totals are kept, the cells are not; each region is asked once, for the cells.
    const otherCodes = await ask(compareBudget(`${ROWS} ${SPENDING}`, OTHER_CODES, ['VI', 'XII']), cachedGatewayUrl);
    expect(otherCodes.requests).toEqual({ VI: 1, XII: 1 });
    const uncached = await ask(compareBudget(`${ROWS} ${SPENDING}`, OTHER_CODES, ['VI', 'XII']));
    expect(otherCodes.data).toEqual(uncached.data);
    expect(otherCodes.errors).toBeUndefined();
  });
});
