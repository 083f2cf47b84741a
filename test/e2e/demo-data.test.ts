import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/importing/import-files.ts';
import { runGenerateCommand } from '../../ingest/synthetic/run-generate-command.ts';
import { REGION_CODES } from '../../shared/regions/region-codes.ts';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

const YEARS = [2020, 2021, 2022, 2023, 2024, 2025];
const DOCUMENT_REGION_YEARS = ['VI-2021', 'XII-2023', 'XII-2024'];

// What `npm run demo` serves: the documents plus synthetic data for all 14 regions, 2020–2025 (PGlite, as npm start).
describe('the demo data across all 14 regions and 2020–2025', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    const directory = mkdtempSync(join(tmpdir(), 'demo-'));
    expect(runGenerateCommand(['--seed', '7', '--out', directory], () => {})).toBe(0);
    cluster = await startGraphCluster(database, [...REGION_CODES]);
    await importFiles(
      database.handle,
      readdirSync(directory).map((name) => join(directory, name)),
      { schemaPrefix: database.schemaPrefix },
    );
  });
  afterAll(async () => {
    await cluster?.stop();
    await database?.dispose();
  });

  it('returns figures for every region-year, each marked synthetic except the documents’ region-years', async () => {
    const { data, errors } = await cluster.query(`{
      indicators {
        id
        values(years: ${JSON.stringify(YEARS)}) {
          regionCode year kind code target realisation targetProvenance { kind }
        }
      }
    }`);
    expect(errors).toBeUndefined();
    for (const indicator of data.indicators) {
      expect(indicator.values).toHaveLength(14 * YEARS.length);
      for (const cell of indicator.values) {
        const key = `${cell.regionCode}-${cell.year}`;
        const isDocument = DOCUMENT_REGION_YEARS.includes(key);
        expect(cell.kind, `${indicator.id} ${key}`).toBe(isDocument ? 'DOCUMENT' : 'SYNTHETIC');
        if (cell.targetProvenance) expect(cell.targetProvenance.kind).toBe(cell.kind);
        // XII 2023 is only what the 2024 document cites: three realisations, no targets.
        if (key !== 'XII-2023') expect(cell.target, `${indicator.id} ${key} target`).not.toBeNull();
      }
    }
    const iku9 = data.indicators.find((indicator: any) => indicator.id === 'IKU-09').values;
    expect(iku9.find((cell: any) => cell.regionCode === 'VI' && cell.year === 2021)).toMatchObject({
      kind: 'DOCUMENT',
      code: '7.a',
      target: 77,
    });
    expect(iku9.find((cell: any) => cell.regionCode === 'XII' && cell.year === 2023)).toMatchObject({
      kind: 'DOCUMENT',
      realisation: 81.95,
    });
    expect(iku9.find((cell: any) => cell.regionCode === 'XII' && cell.year === 2024)).toMatchObject({
      kind: 'DOCUMENT',
      target: 82,
    });
  });

  it('lets a query exclude synthetic data', async () => {
    const { data, errors } = await cluster.query(`{
      indicator(id: "IKU-09") { values(years: ${JSON.stringify(YEARS)}, kinds: [DOCUMENT]) { regionCode year kind } }
      region(code: "VI") { plans(kinds: [DOCUMENT]) { year kind } all: plans { year } }
    }`);
    expect(errors).toBeUndefined();
    expect(data.indicator.values.map((cell: any) => `${cell.regionCode}-${cell.year}`)).toEqual(DOCUMENT_REGION_YEARS);
    expect(data.region.plans).toEqual([{ year: 2021, kind: 'DOCUMENT' }]);
    expect(data.region.all.map((plan: any) => plan.year)).toEqual(YEARS);
  });
});
