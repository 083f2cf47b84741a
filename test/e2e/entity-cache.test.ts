import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/importing/import-files.ts';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { entityLookups } from '../support/entity-cache-lookups.ts';

const POLL_MS = 200;

const targetsOf = (regions: string[], years: number[]) =>
  `{ compareIndicator(indicator: "IKU-09", regions: ${JSON.stringify(regions)}, years: ${JSON.stringify(years)}) ` +
  '{ rows { region { code } year target } } }';

describe('the per-region entity cache', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;

  /** What one query cost: requests at each region's server, and entity lookups at the gateway. */
  const measure = async (query: string) => {
    const before = { VI: cluster.requestsAt('VI'), XII: cluster.requestsAt('XII'), ...(await entityLookups()) };
    const answer = await cluster.query(query);
    expect(answer.errors).toBeUndefined();
    const after = await entityLookups();
    return {
      rows: answer.data.compareIndicator.rows as Array<{ region: { code: string }; year: number; target: number }>,
      requests: { VI: cluster.requestsAt('VI') - before.VI, XII: cluster.requestsAt('XII') - before.XII },
      hits: after.hit - before.hit,
      misses: after.miss - before.miss,
    };
  };

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    // The entity cache is on by default; the whole-response cache stays off, so every query reaches the router.
    cluster = await startGraphCluster(database, ['VI', 'XII'], {
      gatewayEnv: { DATA_VERSION_POLL_MS: String(POLL_MS) },
    });
  });
  afterAll(async () => {
    await cluster?.stop();
    await database?.dispose();
  });

  it('asks each region only for the cells it has not answered, in any combination of regions and years', async () => {
    const first = await measure(targetsOf(['VI', 'XII'], [2021, 2024]));
    expect(first.requests).toEqual({ VI: 1, XII: 1 });
    // The comparison lays out each asked year and the year before it (for the change): 2020, 2021, 2023, 2024.
    expect(first).toMatchObject({ hits: 0, misses: 8 });

    const repeated = await measure(targetsOf(['VI', 'XII'], [2021, 2024]));
    expect(repeated.rows).toEqual(first.rows);
    expect(repeated.requests).toEqual({ VI: 0, XII: 0 });
    expect(repeated).toMatchObject({ hits: 8, misses: 0 });

    const subset = await measure(targetsOf(['XII'], [2024]));
    expect(subset.rows).toEqual(first.rows.filter((row) => row.region.code === 'XII' && row.year === 2024));
    expect(subset.requests).toEqual({ VI: 0, XII: 0 });

    // Asking 2023 too adds its year before, 2022, in each region: each region is sent that one cell alone.
    const wider = await measure(targetsOf(['VI', 'XII'], [2021, 2023, 2024]));
    expect(wider).toMatchObject({ hits: 8, misses: 2, requests: { VI: 1, XII: 1 } });
    expect(wider.rows.filter((row) => row.year !== 2023)).toEqual(first.rows);
  });

  it("serves one region's new figure within the poll interval after its import, and keeps every other region's entries", async () => {
    const query = targetsOf(['VI', 'XII'], [2021, 2024]);
    const before = await measure(query);
    expect(before.requests).toEqual({ VI: 0, XII: 0 });
    const targetOf = (rows: typeof before.rows, region: string, year: number) =>
      rows.find((row) => row.region.code === region && row.year === year)?.target;
    expect(targetOf(before.rows, 'VI', 2021)).toBe(77);

    const plan = JSON.parse(readFileSync('data/plans/VI-2021.plan.json', 'utf8'));
    plan.indicatorTargets.find((indicator: { code: string }) => indicator.code === '7.a').target = 78;
    const path = join(mkdtempSync(join(tmpdir(), 'entity-cache-')), 'VI-2021.plan.json');
    writeFileSync(path, JSON.stringify(plan));
    await importFiles(database.handle, [path], { schemaPrefix: database.schemaPrefix });
    const imported = performance.now();

    let after = await measure(query);
    while (targetOf(after.rows, 'VI', 2021) !== 78 && performance.now() - imported < 10 * POLL_MS) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS / 4));
      after = await measure(query);
    }
    expect(targetOf(after.rows, 'VI', 2021), 'the new figure, within the poll interval').toBe(78);
    // VI's version moved: its cells are fetched again; XII's version did not, so its cells are all hits.
    expect(after.requests).toEqual({ VI: 1, XII: 0 });
    expect(after).toMatchObject({ hits: 4, misses: 4 });
    expect(after.rows.filter((row) => row.region.code === 'XII')).toEqual(
      before.rows.filter((row) => row.region.code === 'XII'),
    );
  });

  it('answers region(code){ plan(year) } with one regional request, and asks national only for its own fields', async () => {
    // Counted by the client request's id: the data version poller asks national too, in requests of its own.
    const planOf = async (year: number, regionFields = 'code') => {
      const before = cluster.requestsAt('XII');
      const response = await fetch(`${cluster.gatewayUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ region(code: "xii") { ${regionFields} plan(year: ${year}) { year } } }` }),
      });
      const answer = await response.json();
      expect(answer.errors).toBeUndefined();
      expect(answer.data.region).toMatchObject({ code: 'XII', plan: { year } });
      const all = cluster.subgraphRequests(response.headers.get('x-request-id')!);
      const XII = cluster.requestsAt('XII') - before;
      return { national: all - XII, XII };
    };
    expect(await planOf(2024), 'the region alone, as its entity').toEqual({ national: 0, XII: 1 });
    expect(await planOf(2024), 'repeated: nothing asked').toEqual({ national: 0, XII: 0 });
    expect(await planOf(2023), 'another year: the region alone').toEqual({ national: 0, XII: 1 });
    expect(await planOf(2024, 'code name'), "the office's name is national's").toMatchObject({ national: 1 });

    // Two regions in one question: each asked as its entity, at once; national not at all.
    const before = { VI: cluster.requestsAt('VI'), XII: cluster.requestsAt('XII') };
    const response = await fetch(`${cluster.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'query Two($year: Int!) { medan: region(code: "VI") { plan(year: 2021) { year } } ' +
          'pekanbaru: region(code: "XII") { code plan(year: $year) { year } } }',
        variables: { year: 2022 },
      }),
    });
    expect(await response.json()).toEqual({
      data: { medan: { plan: { year: 2021 } }, pekanbaru: { code: 'XII', plan: null } },
    });
    const regional = cluster.requestsAt('VI') - before.VI + cluster.requestsAt('XII') - before.XII;
    expect(cluster.subgraphRequests(response.headers.get('x-request-id')!)).toBe(regional);
    expect(regional).toBeGreaterThan(0);
  });

  // Last: it stops XII for the rest of this file.
  it('serves the cells a region answered before it went down, and names it for the cells it never answered', async () => {
    await cluster.regions.get('XII')!.close();
    const cached = await cluster.query(targetsOf(['VI', 'XII'], [2021, 2024]));
    expect(cached.errors, 'XII version has not moved: its cached cells are current').toBeUndefined();
    expect(
      cached.data.compareIndicator.rows.filter((row: { region: { code: string } }) => row.region.code === 'XII'),
    ).toHaveLength(2);

    const uncached = await cluster.query(targetsOf(['XII'], [2018]));
    expect(uncached.errors?.map((error: { extensions: { code: string } }) => error.extensions.code)).toContain(
      'REGION_UNAVAILABLE',
    );
  });
});
