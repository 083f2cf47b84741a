import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/importing/import-files.ts';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

const XII_DOCUMENT = readFileSync('data/documents/001_2065c707827c05b2.txt', 'utf8').split('\n');
const VI_DOCUMENT = readFileSync('data/documents/000_3fb0e9c3d24d2674.txt', 'utf8').split('\n');

const PLAN_FIGURES = `
  workArea {
    provinces { name provenance { kind document line printed } }
    agencies { kind count provenance { kind document line printed } }
    totalAgencies totalAgenciesScope totalAgenciesProvenance { kind line printed }
    flags { code }
  }
  assets { category name count unit placedAt partOf provenance { line printed } }
  activityTargets { activity name target unit budgetCode provenance { line printed } flags { code } }
`;

describe.each(TEST_ENGINES)('the work area, assets and activity targets through the gateway on %s', (engine) => {
  let database: TestDatabase;
  let cluster: GraphCluster;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    cluster = await startGraphCluster(database, ['VI', 'XII']);
  });
  afterAll(async () => {
    await cluster?.stop();
    await database?.dispose();
  });

  it('serves XII 2024’s work area with the lines it is printed on: 3 + 38 governments, 41 agencies', async () => {
    const { data, errors } = await cluster.query(`{ plan(region: "XII", year: 2024) { ${PLAN_FIGURES} } }`);
    expect(errors).toBeUndefined();
    const area = data.plan.workArea;
    expect(area.provinces.map((province: any) => province.name)).toEqual(['Riau', 'Kepulauan Riau', 'Sumatera Barat']);
    expect(area.agencies.map((agency: any) => [agency.kind, agency.count, agency.provenance.line])).toEqual([
      ['PROVINCIAL_GOVERNMENT', 3, 60],
      ['REGENCY_CITY_GOVERNMENT', 38, 60],
    ]);
    for (const figure of [...area.provinces, ...area.agencies]) {
      expect(figure.provenance).toMatchObject({ kind: 'DOCUMENT', document: '001_2065c707827c05b2.txt' });
      expect(XII_DOCUMENT[figure.provenance.line - 1]).toContain(figure.provenance.printed);
    }
    expect(area).toMatchObject({
      totalAgencies: 41,
      totalAgenciesProvenance: { kind: 'DOCUMENT', line: 170, printed: 'sebanyak 41 instansi' },
    });
    expect(XII_DOCUMENT[169]).toContain(area.totalAgenciesProvenance.printed);
    // No vertical-agency count: the document states none, so it is absent, not 0, and flagged.
    expect(area.agencies.some((agency: any) => agency.kind === 'VERTICAL_AGENCY')).toBe(false);
    expect(area.flags).toEqual([{ code: 'KIND_NOT_COUNTED' }]);
  });

  it('serves XII 2024’s assets from line 89: 4 buildings, 6 cars by type and by placement, 3 motorbikes', async () => {
    const { data, errors } = await cluster.query(
      '{ plan(region: "XII", year: 2024) { assets { category name count placedAt partOf provenance ' +
        '{ line printed } } } }',
    );
    expect(errors).toBeUndefined();
    const assets = data.plan.assets;
    for (const asset of assets) expect(XII_DOCUMENT[asset.provenance.line - 1]).toContain(asset.provenance.printed);
    expect(assets.filter((asset: any) => asset.category === 'BUILDING')).toHaveLength(4);
    const cars = assets.filter((asset: any) => asset.partOf === 'mobil dinas');
    const sum = (list: any[]) => list.reduce((total, asset) => total + asset.count, 0);
    expect(assets.find((asset: any) => asset.name === 'mobil dinas' && asset.partOf === null).count).toBe(6);
    expect(sum(cars.filter((car: any) => car.placedAt === null))).toBe(6);
    expect(sum(cars.filter((car: any) => car.placedAt !== null))).toBe(6);
    expect(cars.find((car: any) => car.placedAt === 'Kantor UPT BKN Padang').count).toBe(1);
    expect(assets.find((asset: any) => asset.name === 'motor dinas')).toMatchObject({
      count: 3,
      placedAt: 'Kantor Regional',
    });
  });

  it('answers null, not zero, where the document states no work area: VI 2021 and XII 2023; VI’s activity target from line 319', async () => {
    const { data, errors } = await cluster.query(`{
      vi: plan(region: "VI", year: 2021) { ${PLAN_FIGURES} }
      xii: plan(region: "XII", year: 2023) { ${PLAN_FIGURES} }
    }`);
    expect(errors).toBeUndefined();
    expect(data.vi.workArea).toBeNull();
    expect(data.xii.workArea).toBeNull();
    expect(data.vi.assets).toEqual([]);
    expect(data.vi.activityTargets).toEqual([
      {
        activity: 'Pengelolaan Dokumen Tata Naskah Arsip Kepegawaian',
        name: 'Persentase Digitalisasi Arsip Tata Naskah Kepegawaian Instansi Vertikal, Provinsi dan Kab/Kota',
        target: 6000,
        unit: 'data',
        budgetCode: '4847.FAA.001.051',
        provenance: { line: 319, printed: '6000 data' },
        flags: [{ code: 'UNIT_NAME_MISMATCH' }],
      },
    ]);
    expect(VI_DOCUMENT[318]).toContain('6000 data');
  });

  it('compares IKU-01 and IKU-02 in agencies as well as in %: XII 2024’s 100% of 41 is 41 agencies; VI 2021 unknown', async () => {
    const { data, errors } = await cluster.query(`{
      iku1: compareIndicator(indicator: "IKU-01", regions: ["VI", "XII"], years: [2021, 2024]) {
        rows { region { code } year target unit: code agenciesServed targetAgencies realisationAgencies missing }
      }
      iku3: compareIndicator(indicator: "IKU-03", regions: ["XII"], years: [2024]) {
        rows { target agenciesServed targetAgencies }
      }
      cells: indicator(id: "IKU-02") {
        values(regions: ["XII"], years: [2024]) { unit target agenciesServed targetAgencies }
      }
    }`);
    expect(errors).toBeUndefined();
    const row = (region: string, year: number) =>
      data.iku1.rows.find((candidate: any) => candidate.region.code === region && candidate.year === year);
    expect(row('XII', 2024)).toMatchObject({
      target: 100,
      agenciesServed: 41,
      targetAgencies: 41,
      realisationAgencies: null,
      missing: null,
    });
    // VI 2021 has a target (25%) but its document states no work area: the count is unknown, not 0 agencies.
    expect(row('VI', 2021)).toMatchObject({ target: 25, agenciesServed: null, targetAgencies: null });
    // An index is not a share of agencies.
    expect(data.iku3.rows).toEqual([{ target: 96, agenciesServed: null, targetAgencies: null }]);
    expect(data.cells.values).toEqual([{ unit: '%', target: 100, agenciesServed: 41, targetAgencies: 41 }]);
  });

  it('divides the budget by the agencies served: XII 2024’s Rp14.682.611.000 over 41 agencies; VI 2021 unknown', async () => {
    const { data, errors } = await cluster.query(`{
      compareBudget(level: PROGRAM, regions: ["VI", "XII"], years: [2021, 2024]) {
        spending { region { code } year totalBudget agenciesServed budgetPerAgency }
        totals { regionCode year agenciesServed workArea { totalAgenciesProvenance { line } } }
      }
    }`);
    expect(errors).toBeUndefined();
    const row = (region: string, year: number) =>
      data.compareBudget.spending.find((candidate: any) => candidate.region.code === region && candidate.year === year);
    expect(row('XII', 2024)).toMatchObject({
      totalBudget: 14682611000,
      agenciesServed: 41,
      budgetPerAgency: Math.round(14682611000 / 41),
    });
    expect(row('XII', 2024).budgetPerAgency).toBe(358112463);
    expect(row('VI', 2021)).toMatchObject({ totalBudget: 12218328000, agenciesServed: null, budgetPerAgency: null });
    const xii = data.compareBudget.totals.find((cell: any) => cell.regionCode === 'XII' && cell.year === 2024);
    expect(xii).toMatchObject({ agenciesServed: 41, workArea: { totalAgenciesProvenance: { line: 170 } } });
  });

  it('changes nothing on an identical re-import, and makes a revision that names a changed agency count', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'work-area-'));
    const same = join(directory, 'XII-2024.plan.json');
    writeFileSync(same, readFileSync('data/plans/XII-2024.plan.json'));
    const unchanged = await importFiles(database.handle, [same], { schemaPrefix: database.schemaPrefix });
    expect(JSON.stringify(unchanged)).toContain('unchanged');

    const changed = JSON.parse(readFileSync('data/plans/XII-2024.plan.json', 'utf8'));
    changed.workArea.agencies[1].count = 37;
    changed.workArea.flags.push({ code: 'AGENCY_COUNT_MISMATCH', message: 'edited for the test: 3 + 37 is not 41' });
    const revisedFile = join(directory, 'revised', 'XII-2024.plan.json');
    mkdirSync(join(directory, 'revised'));
    writeFileSync(revisedFile, JSON.stringify(changed, null, 2));
    await importFiles(database.handle, [revisedFile], { schemaPrefix: database.schemaPrefix });
    const { data, errors } = await cluster.query(`{
      plan(region: "XII", year: 2024) {
        revision changes { item field before after } workArea { agencies { kind count } totalAgencies flags { code } }
      }
    }`);
    expect(errors).toBeUndefined();
    expect(data.plan.revision).toBe(2);
    expect(data.plan.changes).toEqual([
      {
        item: 'work area',
        field: 'agencies',
        before: JSON.stringify({ PROVINCIAL_GOVERNMENT: 3, REGENCY_CITY_GOVERNMENT: 38 }),
        after: JSON.stringify({ PROVINCIAL_GOVERNMENT: 3, REGENCY_CITY_GOVERNMENT: 37 }),
      },
    ]);
    expect(data.plan.workArea).toMatchObject({
      totalAgencies: 41,
      flags: [{ code: 'KIND_NOT_COUNTED' }, { code: 'AGENCY_COUNT_MISMATCH' }],
    });
  });
});
