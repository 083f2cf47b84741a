import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/importing/import-files.ts';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

function writeJson(name: string, content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'import-')), name);
  writeFileSync(path, JSON.stringify(content, null, 2));
  return path;
}

describe.each(TEST_ENGINES)('revisions and realisations through the gateway on %s', (engine) => {
  let database: TestDatabase;
  let cluster: GraphCluster;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    cluster = await startGraphCluster(database, ['VI', 'XII']);
    const revised = JSON.parse(readFileSync('data/plans/XII-2024.plan.json', 'utf8'));
    revised.indicatorTargets.find((indicator: any) => indicator.code === 'IKU.9').target = 83;
    revised.document.title += ' (second revision, for the test)';
    const realisation = {
      format: 'bkn-realisation/1',
      region: 'VI',
      year: 2021,
      kind: 'MANUAL',
      document: { file: 'LAKIP-2021-test', title: 'Realisation figures entered for the test' },
      flags: [],
      indicatorRealisations: [
        { code: '7.a', period: 'TW2', value: 74.5, source: { location: 'TW II report' }, flags: [] },
        { code: '7.a', period: 'YEAR', value: 78.1, source: { location: 'LAKIP 2021, Tabel 3' }, flags: [] },
      ],
      budgetRealisations: [
        { code: '4843.EAA.003', period: 'TW2', amount: 1800000000, source: { location: 'TW II' }, flags: [] },
        { code: '4843.EAA.003', period: 'YEAR', amount: 3856950000, source: { location: 'LRA 2021' }, flags: [] },
      ],
    };
    await importFiles(
      database.handle,
      [writeJson('XII-2024.plan.json', revised), writeJson('VI-2021.realisation.json', realisation)],
      {
        schemaPrefix: database.schemaPrefix,
      },
    );
  });
  afterAll(async () => {
    await cluster?.stop();
    await database?.dispose();
  });

  it('serves the latest revision and keeps the earlier one queryable with what changed', async () => {
    const { data, errors } = await cluster.query(`{
      region(code: "XII") {
        latest: plan(year: 2024) {
          revision current changes { item field before after } indicatorTargets { code target }
          revisions { revision current }
        }
        first: plan(year: 2024, revision: 1) { revision current indicatorTargets { code target } }
        none: plan(year: 2024, revision: 3) { revision }
      }
      indicator(id: "IKU-09") { values(regions: ["XII"], years: [2024]) { target targetRevisedFrom } }
    }`);
    expect(errors).toBeUndefined();
    const iku9 = (plan: any) => plan.indicatorTargets.find((target: any) => target.code === 'IKU.9').target;
    expect(data.region.latest).toMatchObject({
      revision: 2,
      current: true,
      changes: [{ item: 'indicator IKU.9', field: 'target', before: '82', after: '83' }],
    });
    expect(iku9(data.region.latest)).toBe(83);
    expect(data.region.latest.revisions).toEqual([
      { revision: 1, current: false },
      { revision: 2, current: true },
    ]);
    expect(data.region.first).toMatchObject({ revision: 1, current: false });
    expect(iku9(data.region.first)).toBe(82);
    expect(data.region.none).toBeNull();
    expect(data.indicator.values).toEqual([{ target: 83, targetRevisedFrom: 81 }]);
  });

  it('serves realisations beside targets and budget lines, so that achievement and absorption can be computed', async () => {
    const { data, errors } = await cluster.query(`{
      indicator(id: "IKU-09") {
        values(regions: ["VI"], years: [2021]) {
          target realisation realisations { period value } realisationProvenance { kind document location }
        }
      }
      region(code: "VI") {
        plan(year: 2021) {
          budgetLines(level: RO) { code amount realisedAmount absorption realisations { period amount } }
        }
      }
    }`);
    expect(errors).toBeUndefined();
    const [cell] = data.indicator.values;
    expect(cell).toEqual({
      target: 77,
      realisation: 78.1,
      realisations: [
        { period: 'TW2', value: 74.5 },
        { period: 'YEAR', value: 78.1 },
      ],
      realisationProvenance: { kind: 'MANUAL', document: 'LAKIP-2021-test', location: 'LAKIP 2021, Tabel 3' },
    });
    const operations = data.region.plan.budgetLines.find((line: any) => line.code === '4843.EAA.003');
    expect(operations).toEqual({
      code: '4843.EAA.003',
      amount: 3935663000,
      realisedAmount: 3856950000,
      absorption: 3856950000 / 3935663000,
      realisations: [
        { period: 'TW2', amount: 1800000000 },
        { period: 'YEAR', amount: 3856950000 },
      ],
    });
    const salaries = data.region.plan.budgetLines.find((line: any) => line.code === '4843.EAA.002');
    expect(salaries).toMatchObject({ realisedAmount: null, absorption: null, realisations: [] });
  });
});
