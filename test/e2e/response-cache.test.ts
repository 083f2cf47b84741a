import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/importing/import-files.ts';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

const QUERY =
  '{ compareIndicator(indicator: "IKU-09", regions: ["VI", "XII"], years: [2021, 2024]) ' +
  '{ rows { region { code } year target } } }';

describe('the whole-response cache', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;

  const post = (query: string) =>
    fetch(`${cluster.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI', 'XII'], {
      gatewayEnv: { RESPONSE_CACHE_TTL_SECONDS: '300', DATA_VERSION_POLL_MS: '200' },
    });
  });
  afterAll(async () => {
    await cluster?.stop();
    await database?.dispose();
  });

  it('answers a repeated query from the cache, and a query after an import with the new figures', async () => {
    const first = await post(QUERY);
    expect(first.headers.get('age')).toBeNull();
    const firstText = await first.text();
    const firstBody = JSON.parse(firstText);
    expect(firstBody.data.compareIndicator.rows[0]).toEqual({ region: { code: 'VI' }, year: 2021, target: 77 });

    const second = await post(QUERY);
    expect(second.headers.get('age'), 'a cache hit says how old it is').not.toBeNull();
    expect(second.headers.get('cache-control'), 'with the policy it was kept with').toBe('max-age=300, public');
    // Written as the text kept, which is the first answer's, byte for byte.
    expect(await second.text()).toBe(firstText);

    const plan = JSON.parse(readFileSync('data/plans/VI-2021.plan.json', 'utf8'));
    plan.indicatorTargets.find((indicator: any) => indicator.code === '7.a').target = 78;
    const path = join(mkdtempSync(join(tmpdir(), 'cache-')), 'VI-2021.plan.json');
    writeFileSync(path, JSON.stringify(plan));
    await importFiles(database.handle, [path], { schemaPrefix: database.schemaPrefix });

    let target: number | undefined;
    for (let attempt = 0; attempt < 40 && target !== 78; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      target = (await (await post(QUERY)).json()).data.compareIndicator.rows[0].target;
    }
    expect(target).toBe(78);
  });

  it('caches an answer whose parts the entity cache served', async () => {
    await post(QUERY);
    // Another text of the same question: not in the response cache, while every fetch of its plan is in the entity cache.
    const respaced = QUERY.replace('{ rows', '{  rows');
    const first = await post(respaced);
    expect(first.headers.get('age')).toBeNull();
    expect(first.headers.get('cache-control')).toBe('max-age=300, public');
    const again = await post(respaced);
    expect(again.headers.get('age'), 'kept in the response cache').not.toBeNull();
    expect(await again.json()).toEqual(await first.json());
  });

  it('does not cache an answer with an error', async () => {
    const bad = '{ region(code: "XV") { name } }';
    await post(bad);
    const again = await post(bad);
    expect(again.headers.get('age')).toBeNull();
    expect((await again.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
