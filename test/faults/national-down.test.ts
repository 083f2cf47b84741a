import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphCluster, type GraphCluster, ENTITY_CACHE_OFF } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** What a client must never see of the gateway's side: an address of a service. */
const ADDRESS = /https?:\/\/|127\.0\.0\.1|localhost|\/graphql/;

interface Body {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

describe('the graph while the national service is down (pglite)', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  let gatewayUrl: string;

  const ask = async (query: string) => {
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const text = await response.text();
    return { text, body: JSON.parse(text) as Body };
  };

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI', 'XII'], { gatewayEnv: ENTITY_CACHE_OFF });
    gatewayUrl = (
      await cluster.startGateway({ CIRCUIT_FAILURE_THRESHOLD: '3', CIRCUIT_COOLDOWN_MS: '60000', ...ENTITY_CACHE_OFF })
    ).url;
  });
  afterAll(async () => {
    await cluster?.stop();
    await database?.dispose();
  });

  it('answers both fields while national is up (a nullable field changes nothing for a good answer)', async () => {
    const { body } = await ask('{ vi: plan(region: "VI", year: 2021) { year } regions { code } }');
    expect(body.errors).toBeUndefined();
    expect(body.data?.vi).toEqual({ year: 2021 });
    expect(body.data?.regions).toEqual(expect.arrayContaining([{ code: 'VI' }, { code: 'XII' }]));
  });

  it('answers plan(region, year) beside a national field that failed, naming the service and never its address', async () => {
    await cluster.national.close();
    const { text, body } = await ask('{ vi: plan(region: "VI", year: 2021) { year regionCode } regions { code } }');
    expect(body.data).toEqual({ vi: { year: 2021, regionCode: 'VI' }, regions: null });
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('The national service is unavailable'),
        extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', service: 'national' }),
      }),
    ]);
    expect(text).not.toMatch(ADDRESS);
  });

  it('nulls each national root field on its own: a comparison, the catalogue, a region', async () => {
    const { text, body } = await ask(
      '{ xii: plan(region: "XII", year: 2024) { year } compareIndicator(indicator: "IKU-09", regions: ["VI", "XII"]) ' +
        '{ id } indicators { id } region(code: "VI") { name } }',
    );
    expect(body.data).toEqual({ xii: { year: 2024 }, compareIndicator: null, indicators: null, region: null });
    expect(body.errors?.length).toBeGreaterThan(0);
    for (const error of body.errors!)
      expect(error.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', service: 'national' });
    expect(text).not.toMatch(ADDRESS);
  });

  it("opens national's circuit after repeated failures: its fields then fail at once, the regions still answer", async () => {
    let opened: Body | undefined;
    for (let attempt = 0; attempt < 5 && !opened; attempt += 1) {
      const { body } = await ask('{ vi: plan(region: "VI", year: 2021) { year } regions { code } }');
      if (body.errors?.some((error) => error.extensions?.circuit === 'open')) opened = body;
    }
    expect(opened).toBeDefined();
    expect(opened!.data).toEqual({ vi: { year: 2021 }, regions: null });
    expect(opened!.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({
          code: 'SUBGRAPH_UNAVAILABLE',
          service: 'national',
          reason: 'CIRCUIT_OPEN',
          circuit: 'open',
        }),
      }),
    ]);
  });
});
