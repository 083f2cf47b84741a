import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphCluster, type GraphCluster, ENTITY_CACHE_OFF } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

interface Body {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
}

/**
 * Two questions that differ only in a national field: the second misses the whole-response cache, while each
 * region is sent exactly what it was sent for the first (the same entity fetch, the same routed root field).
 */
const question = (nationalField: 'name' | 'city') =>
  `{ region(code: "XII") { ${nationalField} plan(year: 2024) { year } } xii: plan(region: "XII", year: 2024) ` +
  '{ year regionCode } vi: plan(region: "VI", year: 2021) { year } }';

/** One indicator, one year: region XII's cells are one representation, whichever order the regions come in. */
const indicatorsExport = (regions: string) => `/export/indicators.csv?indicators=IKU-09&regions=${regions}&years=2024`;

describe("a region's last known cells while it is down (pglite)", () => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  let cachedUrl: string;
  let uncachedUrl: string;
  let answeredBetween: [Date, Date];

  const ask = async (gatewayUrl: string, query: string) => {
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as Body;
  };

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI', 'XII'], { gatewayEnv: ENTITY_CACHE_OFF });
    cachedUrl = (
      await cluster.startGateway({ RESPONSE_CACHE_TTL_SECONDS: '60', DATA_VERSION_POLL_MS: '100', ...ENTITY_CACHE_OFF })
    ).url;
    uncachedUrl = (await cluster.startGateway({ RESPONSE_CACHE_TTL_SECONDS: '0', ...ENTITY_CACHE_OFF })).url;
    // Both gateways ask once while XII answers, then XII goes down.
    const before = new Date();
    for (const url of [cachedUrl, uncachedUrl]) {
      const healthy = await ask(url, question('name'));
      expect(healthy.errors).toBeUndefined();
      expect(healthy.data?.xii).toEqual({ year: 2024, regionCode: 'XII' });
    }
    const exported = await fetch(`${cachedUrl}${indicatorsExport('VI,XII')}`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('x-stale-regions')).toBeNull();
    answeredBetween = [before, new Date()];
    await cluster.regions.get('XII')!.close();
  });
  afterAll(async () => {
    await cluster?.stop();
    await database?.dispose();
  });

  it('serves the last known cells of a region that is down, each marked REGION_STALE with the time they arrived', async () => {
    const body = await ask(cachedUrl, question('city'));
    expect(body.data).toEqual({
      region: { city: expect.any(String), plan: { year: 2024 } },
      xii: { year: 2024, regionCode: 'XII' },
      vi: { year: 2021 },
    });
    const stale = body.errors!.filter((error) => error.extensions?.code === 'REGION_STALE');
    expect(stale).toHaveLength(2);
    // A root field's mark is at the field; an entity's at the entity whose fields the region filled.
    expect(stale.map((error) => error.path)).toEqual(expect.arrayContaining([['xii'], ['region']]));
    for (const error of stale) {
      expect(error.extensions).toMatchObject({ code: 'REGION_STALE', region: 'XII', reason: 'CONNECTION' });
      const asOf = new Date(error.extensions!.asOf);
      expect(error.extensions!.asOf).toBe(asOf.toISOString());
      expect(asOf.getTime()).toBeGreaterThanOrEqual(answeredBetween[0].getTime());
      expect(asOf.getTime()).toBeLessThanOrEqual(answeredBetween[1].getTime());
      expect(error.message).toContain(`as of ${error.extensions!.asOf}`);
    }
    // Nothing else went wrong: the only errors are the stale marks.
    expect(body.errors).toHaveLength(2);
  });

  it('keeps a stale answer out of the response cache: asked again, it is served stale again, not as fresh', async () => {
    const again = await ask(cachedUrl, question('city'));
    expect(again.errors?.filter((error) => error.extensions?.code === 'REGION_STALE')).toHaveLength(2);
  });

  it('fills an export with the last known figures and says whose, as of when, in X-Stale-Regions', async () => {
    // Another question for the response cache (the regions in another order), the same cells for XII.
    const response = await fetch(`${cachedUrl}${indicatorsExport('XII,VI')}`);
    expect(response.status).toBe(200);
    const staleRegions = response.headers.get('x-stale-regions');
    expect(staleRegions).toMatch(/^XII as of \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const asOf = new Date(staleRegions!.slice('XII as of '.length)).getTime();
    expect(asOf).toBeGreaterThanOrEqual(answeredBetween[0].getTime());
    expect(asOf).toBeLessThanOrEqual(answeredBetween[1].getTime());
    expect(response.headers.get('x-missing-regions')).toBeNull();
    expect(JSON.parse(response.headers.get('x-graphql-errors')!)).toEqual([
      expect.stringMatching(/^REGION_STALE: Region XII is unavailable/),
    ]);
    const rows = parse(await response.text(), { columns: true, bom: true }) as Array<Record<string, string>>;
    const xii = rows.find((row) => row.region_code === 'XII');
    expect(xii).toMatchObject({ year: '2024', missing_reason: '', target: expect.stringMatching(/^\d/) });
  });

  it('answers REGION_UNAVAILABLE for a question the region never answered', async () => {
    const body = await ask(
      cachedUrl,
      '{ xii: plan(region: "XII", year: 2023) { year } vi: plan(region: "VI", year: 2021) { year } }',
    );
    expect(body.data).toEqual({ xii: null, vi: { year: 2021 } });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['xii'],
        extensions: expect.objectContaining({ code: 'REGION_UNAVAILABLE', region: 'XII' }),
      }),
    ]);
  });

  it('serves nothing stale with the response cache off', async () => {
    const body = await ask(uncachedUrl, question('city'));
    expect(body.data).toEqual({ region: { city: expect.any(String), plan: null }, xii: null, vi: { year: 2021 } });
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['REGION_UNAVAILABLE', 'REGION_UNAVAILABLE']);
  });

  // Last: it stops national for the rest of this file.
  it('still serves the last known cells while national, which tells the data version, is down too', async () => {
    await cluster.national.close();
    // The gateway polls the version every 100 ms: by now it has found national gone.
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Only regional fields, in another operation than before: XII is sent the same request as for question().
    const body = await ask(
      cachedUrl,
      '{ vi: plan(region: "VI", year: 2021) { year } xii: plan(region: "XII", year: 2024) { year regionCode } }',
    );
    expect(body.data).toEqual({ vi: { year: 2021 }, xii: { year: 2024, regionCode: 'XII' } });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['xii'],
        extensions: expect.objectContaining({ code: 'REGION_STALE', region: 'XII' }),
      }),
    ]);
  });
});
