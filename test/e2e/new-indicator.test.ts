import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_DATA_DIRECTORY } from '../../subgraphs/national/database/seed-reference-data.ts';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** CONTRIBUTING.md, "Recipe: a new national indicator", step 1: one entry appended to indicators.json. */
const IKU_15 = {
  id: 'IKU-15',
  name: 'Persentase Layanan Kepegawaian yang Terdigitalisasi',
  description: '% of personnel services delivered digitally',
  perspective: 'LEARNING_AND_GROWTH',
  unit: '%',
  higherIsBetter: true,
};

/** A copy of the national reference data with IKU-15 added, as a contributor would edit the real one. */
function referenceDataWithIku15(): string {
  const directory = mkdtempSync(join(tmpdir(), 'reference-data-'));
  cpSync(REFERENCE_DATA_DIRECTORY, directory, { recursive: true });
  const file = join(directory, 'indicators.json');
  const catalogue = JSON.parse(readFileSync(file, 'utf8')) as { indicators: unknown[] };
  catalogue.indicators.push(IKU_15);
  writeFileSync(file, JSON.stringify(catalogue, null, 2));
  return directory;
}

describe('a national indicator added to the catalogue alone, with no code changed', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI', 'XII'], { referenceDataDirectory: referenceDataWithIku15() });
  });
  afterAll(async () => {
    await cluster?.stop();
    await database?.dispose();
  });

  it('lists it among the national indicators, last in catalogue order, with its catalogue fields', async () => {
    const { data, errors } = await cluster.query(`{
      indicators { id }
      indicator(id: "IKU-15") { id name description perspective unit higherIsBetter localCodes { code } }
    }`);
    expect(errors).toBeUndefined();
    expect(data.indicators).toHaveLength(15);
    expect(data.indicators.at(-1)).toEqual({ id: 'IKU-15' });
    const { id, name, description, perspective, unit, higherIsBetter } = IKU_15;
    expect(data.indicator).toEqual({ id, name, description, perspective, unit, higherIsBetter, localCodes: [] });
  });

  it('answers compareIndicator for it: every cell empty, each saying why', async () => {
    const { data, errors } = await cluster.query(`{
      compareIndicator(indicator: "IKU-15", regions: ["VI", "XII"], years: [2021, 2024]) {
        indicator { id name }
        rows { region { code } year target realisation missing }
        summary { target { count } missing { region { code } year reason } }
      }
    }`);
    expect(errors).toBeUndefined();
    const comparison = data.compareIndicator;
    expect(comparison.indicator).toEqual({ id: 'IKU-15', name: IKU_15.name });
    // VI has a plan for 2021 and XII for 2024, neither with a target for IKU-15; the other two have no plan.
    expect(comparison.rows).toEqual([
      { region: { code: 'VI' }, year: 2021, target: null, realisation: null, missing: 'NO_VALUE' },
      { region: { code: 'VI' }, year: 2024, target: null, realisation: null, missing: 'NO_PLAN' },
      { region: { code: 'XII' }, year: 2021, target: null, realisation: null, missing: 'NO_PLAN' },
      { region: { code: 'XII' }, year: 2024, target: null, realisation: null, missing: 'NO_VALUE' },
    ]);
    expect(comparison.summary.target.count).toBe(0);
    expect(comparison.summary.missing).toHaveLength(4);
  });

  it('names it among the expected ids when an unknown indicator is asked', async () => {
    const { errors } = await cluster.query('{ compareIndicator(indicator: "IKU-99") { id } }');
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(
      /^Unknown national indicator "IKU-99"; expected one of IKU-01, IKU-02, .*, IKU-15$/,
    );
  });

  it('is in compareIndicators and the indicator export when no indicator is named', async () => {
    const { data, errors } = await cluster.query(
      '{ compareIndicators(regions: ["VI"], years: [2021]) { indicator { id } } }',
    );
    expect(errors).toBeUndefined();
    expect(data.compareIndicators.map((comparison: any) => comparison.indicator.id).at(-1)).toBe('IKU-15');
    const response = await fetch(`${cluster.gatewayUrl}/export/indicators.csv?regions=VI&years=2021`);
    const [header, ...records] = parse(await response.text()) as string[][];
    expect(response.status).toBe(200);
    const at = (name: string) => header!.indexOf(name);
    expect(records.at(-1)![at('indicator_id')]).toBe('IKU-15');
    expect(records.at(-1)![at('missing_reason')]).toBe('NO_VALUE');
  });
});
