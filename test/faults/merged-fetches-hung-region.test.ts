import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_CACHE_OFF, startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startStoppableRegion, type StoppableRegion } from './stoppable-region.ts';

/**
 * A budget comparison's cells and region-year totals go to each region in one merged request
 * (gateway/shard-router/merged-entity-fetches.ts). A region that hangs on that request must cost the question its
 * own figures only, within the region timeout, reported once per fetch, naming the region and never its address.
 */
const QUESTION = `{
  compareBudget(level: RO, codes: ["4843.EAA.002"], regions: ["VI", "XII"], years: [2021, 2024]) {
    rows { region { code } year code amount }
    spending { region { code } year totalBudget }
  }
}`;
const REGION_TIMEOUT_MS = 1_500;
const ADDRESS = /https?:\/\/|127\.0\.0\.1|localhost|\/graphql/;

interface Answer {
  data?: { compareBudget: { rows: any[]; spending: any[] } } | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

describe('a region that hangs on a merged request (pglite)', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  let xii: StoppableRegion;
  let gatewayUrl: string;

  const ask = async () => {
    const started = performance.now();
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUESTION }),
    });
    return { ms: performance.now() - started, body: (await response.json()) as Answer };
  };
  const viTotal2021 = (body: Answer) =>
    body.data?.compareBudget.spending.find((row) => row.region.code === 'VI' && row.year === 2021)?.totalBudget;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI', 'XII'], { gatewayEnv: ENTITY_CACHE_OFF });
    xii = await startStoppableRegion(cluster.regions.get('XII')!.port);
    gatewayUrl = (
      await cluster.startGateway({
        REGION_URLS: `VI=${cluster.regions.get('VI')!.url}/graphql,XII=${xii.url}`,
        REGION_TIMEOUT_MS: String(REGION_TIMEOUT_MS),
      })
    ).url;
  });
  afterAll(async () => {
    await xii?.kill();
    await cluster?.stop();
    await database?.dispose();
  });

  it('answers with the other region within the timeout, XII reported once per fetch, and whole again once XII answers', async () => {
    const healthy = await ask();
    expect(healthy.body.errors).toBeUndefined();
    expect(viTotal2021(healthy.body)).toBe(12218328000);

    xii.stop();
    const hung = await ask();
    expect(hung.ms).toBeLessThan(REGION_TIMEOUT_MS + 1_000);
    expect(viTotal2021(hung.body)).toBe(12218328000);
    const xiiErrors = (hung.body.errors ?? []).filter((error) => error.extensions?.region === 'XII');
    // One merged request timed out; each of the two fetches reports it for its own entries.
    expect(xiiErrors.map((error) => [error.extensions?.code, error.extensions?.reason])).toEqual([
      ['REGION_UNAVAILABLE', 'TIMEOUT'],
      ['REGION_UNAVAILABLE', 'TIMEOUT'],
    ]);
    for (const error of hung.body.errors ?? []) expect(error.message).not.toMatch(ADDRESS);
    expect(JSON.stringify(hung.body)).not.toMatch(ADDRESS);

    xii.resume();
    // The request that waited is answered late and dropped; the next question is whole again.
    await expect.poll(async () => (await ask()).body.errors, { timeout: 10_000, interval: 200 }).toBeUndefined();
  });
});
