import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/importing/import-files.ts';
import { runGenerateCommand } from '../../ingest/synthetic/run-generate-command.ts';
import { REGION_CODES } from '../../shared/regions/region-codes.ts';
import { startGraphCluster, type GraphCluster, ENTITY_CACHE_OFF } from '../support/graph-cluster.ts';
import {
  budgetFigures,
  indicatorFigures,
  median,
  readRegionYearFiles,
  type RegionYearFiles,
} from '../support/plan-file-figures.ts';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

const REGIONS = ['VI', 'XII', 'I', 'IX'];
const YEARS = [2021, 2022, 2023, 2024];

/** Capaian as the performance report computes it (every indicator compared here is higher-is-better). */
const achievementOf = (figures: { target: number | null; realisation: number | null } | null) =>
  figures?.target && figures.realisation ? (figures.realisation / figures.target) * 100 : null;

/** The codes of a line and every line below it. */
function subtree(files: RegionYearFiles, code: string): string[] {
  return [
    code,
    ...files.plan.budgetLines.filter((line) => line.parent === code).flatMap((line) => subtree(files, line.code)),
  ];
}

/**
 * A budget line's realised amount as the files give it: its own latest figure, or at PROGRAM, KEGIATAN and KRO
 * level the sum of the lines directly below where every one has one (the demo reports every RO to one period).
 */
function realisedOf(files: RegionYearFiles | undefined, code: string): number | null {
  const line = files?.plan.budgetLines.find((candidate) => candidate.code === code);
  if (!files || !line) return null;
  const own = budgetFigures(files, code)!.realisedAmount;
  if (own !== null) return own;
  if (!['PROGRAM', 'KEGIATAN', 'KRO'].includes(line.level)) return null;
  const below = files.plan.budgetLines
    .filter((candidate) => candidate.parent === code)
    .map((child) => realisedOf(files, child.code));
  return below.length > 0 && below.every((amount) => amount !== null)
    ? below.reduce((sum: number, amount) => sum + amount!, 0)
    : null;
}

// Expectations are computed here from the plan and realisation files themselves, never from the graph.
describe.each(TEST_ENGINES)('comparisons on demo data and the documents (%s)', (engine) => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  let files: Map<string, RegionYearFiles>;
  const filesOf = (region: string, year: number) => files.get(`${region}@${year}`);

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const directory = mkdtempSync(join(tmpdir(), 'comparisons-'));
    expect(runGenerateCommand(['--seed', '11', '--out', directory], () => {})).toBe(0);
    files = readRegionYearFiles(['data/plans', directory]);
    cluster = await startGraphCluster(database, [...REGION_CODES], { gatewayEnv: ENTITY_CACHE_OFF });
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

  it('compares one indicator: achievement, gap, rank and change from the previous year, as the files say', async () => {
    const { data, errors } = await cluster.query(`{
      compareIndicator(indicator: "IKU-09", regions: ${JSON.stringify(REGIONS)}, years: ${JSON.stringify(YEARS)}) {
        rows {
          region { code } year code kind target realisation achievement gapToTarget rank rankedAmong targetChange
          realisationChange linkedBudget costPerTargetPoint missing
        }
        summary {
          target { count min max mean median } realisation { count min max mean median }
          byYear { year realisation { count median } } missing { region { code } year reason }
        }
      }
    }`);
    expect(errors).toBeUndefined();
    const rows = data.compareIndicator.rows;
    expect(rows).toHaveLength(REGIONS.length * YEARS.length);
    for (const year of YEARS) {
      // Ranked by achievement (the default), among the regions of the year that have one; IKU-09 is higher-is-better.
      const achieved = REGIONS.map((region) => achievementOf(indicatorFigures(filesOf(region, year), 'IKU-09'))).filter(
        (value): value is number => value !== null,
      );
      for (const region of REGIONS) {
        const row = rows.find((candidate: any) => candidate.region.code === region && candidate.year === year);
        const expected = indicatorFigures(filesOf(region, year), 'IKU-09');
        const previous = indicatorFigures(filesOf(region, year - 1), 'IKU-09');
        const label = `${region} ${year}`;
        expect(row.code, label).toBe(expected?.code ?? null);
        expect(row.kind, label).toBe(filesOf(region, year)?.plan.kind ?? null);
        expect(row.target, label).toBe(expected?.target ?? null);
        expect(row.realisation, label).toBe(expected?.realisation ?? null);
        if (expected?.target != null && expected.realisation != null) {
          expect(row.achievement, label).toBeCloseTo((expected.realisation / expected.target) * 100, 4);
          expect(row.gapToTarget, label).toBeCloseTo(expected.realisation - expected.target, 4);
          const better = achieved.filter((value) => value > achievementOf(expected)! + 1e-9).length;
          expect(row.rank, label).toBe(better + 1);
          expect(row.rankedAmong, label).toBe(achieved.length);
        } else {
          expect(row.achievement, label).toBeNull();
          expect([row.rank, row.rankedAmong], label).toEqual([null, null]);
        }
        if (expected?.target != null && previous?.target != null)
          expect(row.targetChange, label).toBeCloseTo(expected.target - previous.target, 4);
        else expect(row.targetChange, label).toBeNull();
        if (expected?.realisation != null && previous?.realisation != null)
          expect(row.realisationChange, label).toBeCloseTo(expected.realisation - previous.realisation, 4);
      }
    }
    // The documents' own figures, whatever the demo data around them.
    const documentRow = (region: string, year: number) =>
      rows.find((row: any) => row.region.code === region && row.year === year);
    expect(documentRow('VI', 2021)).toMatchObject({ code: '7.a', kind: 'DOCUMENT', target: 77 });
    expect(documentRow('XII', 2024)).toMatchObject({
      code: 'IKU.9',
      kind: 'DOCUMENT',
      target: 82,
      linkedBudget: 134679000,
    });
    expect(documentRow('XII', 2024).costPerTargetPoint).toBeCloseTo(134679000 / 82, 2);
    expect(documentRow('XII', 2023)).toMatchObject({ kind: 'DOCUMENT', target: null, realisation: 81.95 });

    const allRealised = rows.map((row: any) => row.realisation).filter((value: any) => value !== null);
    expect(data.compareIndicator.summary.realisation).toMatchObject({
      count: allRealised.length,
      min: Math.min(...allRealised),
      max: Math.max(...allRealised),
    });
    expect(data.compareIndicator.summary.realisation.mean).toBeCloseTo(
      allRealised.reduce((a: number, b: number) => a + b, 0) / allRealised.length,
      4,
    );
    expect(data.compareIndicator.summary.realisation.median).toBeCloseTo(median(allRealised), 4);
    expect(data.compareIndicator.summary.missing).toEqual([]);
  });

  it('leaves synthetic data out when asked, and names what it left out', async () => {
    const { data, errors } = await cluster.query(`{
      compareIndicator(indicator: "IKU-09", regions: ["VI", "XII"], years: [2021, 2024], kinds: [DOCUMENT]) {
        rows { region { code } year kind target }
        summary { target { count } missing { region { code } year reason } }
      }
    }`);
    expect(errors).toBeUndefined();
    expect(data.compareIndicator.rows).toEqual([
      { region: { code: 'VI' }, year: 2021, kind: 'DOCUMENT', target: 77 },
      { region: { code: 'XII' }, year: 2024, kind: 'DOCUMENT', target: 82 },
    ]);
    expect(data.compareIndicator.summary.missing).toEqual([
      { region: { code: 'VI' }, year: 2024, reason: 'EXCLUDED_KIND' },
      { region: { code: 'XII' }, year: 2021, reason: 'EXCLUDED_KIND' },
    ]);
  });

  it('compares budgets at RO level through the nomenclature: amounts, realisation, share of total, change', async () => {
    const codes = ['4843.EAA.002', '4843.EAA.003', '4846.BAB.006'];
    const { data, errors } = await cluster.query(`{
      compareBudget(
        level: RO, codes: ${JSON.stringify(codes)}, regions: ${JSON.stringify(REGIONS)},
        years: [2020, ${YEARS.join(', ')}]
      ) {
        rows { region { code } year code amount realisedAmount absorption shareOfRegionTotal amountChange missing }
        spending { region { code } year totalBudget pegawai operasional nonOperasional pegawaiShare totalChange }
        summary { totals { code year total amount { count } } }
      }
    }`);
    expect(errors).toBeUndefined();
    for (const row of data.compareBudget.rows) {
      const label = `${row.region.code} ${row.year} ${row.code}`;
      if (row.year === 2020) {
        // 2020 precedes the RSPP nomenclature: the same code is not the same thing, so it is not joined.
        expect(row.missing, label).toBe('NOT_IN_NOMENCLATURE');
        continue;
      }
      const regionYear = filesOf(row.region.code, row.year);
      const expected = budgetFigures(regionYear, row.code);
      expect(row.amount, label).toBe(expected?.amount ?? null);
      expect(row.realisedAmount, label).toBe(expected?.realisedAmount ?? null);
      if (expected) {
        expect(row.shareOfRegionTotal, label).toBeCloseTo(expected.amount / regionYear!.plan.totalBudget!.amount, 5);
        if (expected.realisedAmount !== null)
          expect(row.absorption, label).toBeCloseTo(expected.realisedAmount / expected.amount, 5);
        const previous = row.year > 2021 ? budgetFigures(filesOf(row.region.code, row.year - 1), row.code) : null;
        expect(row.amountChange, label).toBe(previous ? expected.amount - previous.amount : null);
      } else {
        expect(row.missing, label).toBe(regionYear ? 'NO_VALUE' : 'NO_PLAN');
      }
    }
    const vi2021 = data.compareBudget.rows.find(
      (row: any) => row.region.code === 'VI' && row.year === 2021 && row.code === '4843.EAA.002',
    );
    expect(vi2021).toMatchObject({ amount: 6346733000, missing: null });
    for (const spending of data.compareBudget.spending) {
      const plan = filesOf(spending.region.code, spending.year)?.plan;
      const part = (type: string) => plan?.spendingSplit.find((entry) => entry.type === type)?.amount ?? null;
      expect(spending.totalBudget).toBe(plan?.totalBudget?.amount ?? null);
      expect([spending.pegawai, spending.operasional, spending.nonOperasional]).toEqual([
        part('PEGAWAI'),
        part('OPERASIONAL'),
        part('NON_OPERASIONAL'),
      ]);
    }
    expect(data.compareBudget.spending.find((row: any) => row.region.code === 'VI' && row.year === 2021)).toMatchObject(
      {
        totalBudget: 12218328000,
        pegawai: 6346733000,
        operasional: 3935663000,
        nonOperasional: 1935932000,
      },
    );
    const total2022 = data.compareBudget.summary.totals.find(
      (total: any) => total.code === '4843.EAA.002' && total.year === 2022,
    );
    const expectedTotal = REGIONS.reduce(
      (sum, region) => sum + (budgetFigures(filesOf(region, 2022), '4843.EAA.002')?.amount ?? 0),
      0,
    );
    expect(total2022.total).toBe(expectedTotal);
  });

  it('refuses a budget code the nomenclature does not know, and a level that does not compare', async () => {
    const unknown = await cluster.query(`{ compareBudget(level: RO, codes: ["4843.EAA.999"]) { id } }`);
    expect(unknown.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(unknown.errors![0].message).toContain('"4843.EAA.999"');
    const level = await cluster.query(`{ compareBudget(level: KOMPONEN) { id } }`);
    expect(level.errors![0].message).toContain('KOMPONEN');
  });

  it('sets staff composition side by side as the files give it', async () => {
    const { data, errors } = await cluster.query(`{
      compareStaff(regions: ["VI", "I"], years: [2021, 2022]) {
        regionCode year kind headcount staff { headcounts { dimension category count } movements { type count } }
      }
    }`);
    expect(errors).toBeUndefined();
    expect(data.compareStaff.map((cell: any) => `${cell.regionCode}-${cell.year}`)).toEqual([
      'VI-2021',
      'VI-2022',
      'I-2021',
      'I-2022',
    ]);
    for (const cell of data.compareStaff) {
      const plan = filesOf(cell.regionCode, cell.year)!.plan;
      expect(cell.staff.headcounts).toEqual(
        plan.staff.headcounts.map((headcount) => ({
          dimension: headcount.dimension,
          category: headcount.category,
          count: headcount.count,
        })),
      );
      expect(cell.staff.movements).toEqual(
        plan.staff.movements.map((movement) => ({ type: movement.type, count: movement.count })),
      );
    }
    expect(data.compareStaff[0]).toMatchObject({ regionCode: 'VI', year: 2021, kind: 'DOCUMENT', headcount: 87 });
  });

  it('sets workload side by side: agencies served, headcount and pagu, ranked by agencies per staff', async () => {
    const { data, errors } = await cluster.query(`{
      compareWorkload(regions: ${JSON.stringify(REGIONS)}, years: ${JSON.stringify(YEARS)}) {
        rows {
          region { code } year kind agenciesServed headcount totalBudget agenciesPerStaff staffPerAgency
          budgetPerAgency unknownInputs rank rankedAmong missing
        }
      }
    }`);
    expect(errors).toBeUndefined();
    const sixDecimals = (value: number) => Math.round(value * 1e6) / 1e6;
    const expected = REGIONS.flatMap((code) =>
      YEARS.map((year) => {
        const plan = filesOf(code, year)?.plan;
        const agencies = plan?.workArea?.totalAgencies?.count ?? null;
        const headcount = plan?.staff.headcounts.filter((entry) => entry.dimension === 'TOTAL').at(-1)?.count ?? null;
        const budget = plan?.totalBudget?.amount ?? null;
        const agenciesPerStaff = agencies !== null && headcount ? sixDecimals(agencies / headcount) : null;
        return {
          region: { code },
          year,
          kind: plan?.kind ?? null,
          agenciesServed: agencies,
          headcount,
          totalBudget: budget,
          agenciesPerStaff,
          staffPerAgency: headcount !== null && agencies ? sixDecimals(headcount / agencies) : null,
          // Half up, in BigInt: exact whatever the size of the pagu.
          budgetPerAgency:
            budget !== null && agencies
              ? Number((2n * BigInt(budget) + BigInt(agencies)) / (2n * BigInt(agencies)))
              : null,
          unknownInputs: [
            ...(agencies === null ? ['AGENCIES_SERVED'] : []),
            ...(headcount === null ? ['HEADCOUNT'] : []),
            ...(budget === null ? ['TOTAL_BUDGET'] : []),
          ],
          missing: !plan ? 'NO_PLAN' : agenciesPerStaff === null ? 'NO_VALUE' : null,
        };
      }),
    );
    // Competition ranking within a year: one more than the rows of that year with more agencies per staff member.
    const ranked = expected.map((row) => {
      const rivals = expected.filter((other) => other.year === row.year && other.agenciesPerStaff !== null);
      if (row.agenciesPerStaff === null) return { ...row, rank: null, rankedAmong: null };
      const above = rivals.filter((other) => other.agenciesPerStaff! > row.agenciesPerStaff!).length;
      return { ...row, rank: above + 1, rankedAmong: rivals.length };
    });
    expect(data.compareWorkload.rows).toEqual(ranked);
    expect(ranked.filter((row) => row.rank !== null).length).toBeGreaterThan(4);
    // XII 2024's document prints 41 agencies and the pagu but no headcount: no load figure, no rank.
    expect(data.compareWorkload.rows.find((row: any) => row.region.code === 'XII' && row.year === 2024)).toMatchObject({
      kind: 'DOCUMENT',
      agenciesServed: 41,
      headcount: null,
      budgetPerAgency: 358112463,
      unknownInputs: ['HEADCOUNT'],
      rank: null,
      missing: 'NO_VALUE',
    });

    const documents = await cluster.query(`{
      compareWorkload(regions: ["VI", "XII"], years: [2021, 2022], kinds: [DOCUMENT]) {
        rows { region { code } year kind missing }
      }
    }`);
    // Synthetic region-years go; one without a plan stays, as NO_PLAN.
    expect(documents.data.compareWorkload.rows).toEqual(
      expected
        .filter((row) => ['VI', 'XII'].includes(row.region.code) && [2021, 2022].includes(row.year))
        .filter((row) => row.kind === null || row.kind === 'DOCUMENT')
        .map(({ region, year, kind, missing }) => ({ region, year, kind, missing })),
    );
  });

  it('lists the provinces of the work areas, sorted by name, with the offices serving each, as the directory says', async () => {
    const { data, errors } = await cluster.query(`{ provinces { name verified regions { code } } }`);
    expect(errors).toBeUndefined();
    const directory: Array<{ code: string; provinces: string[]; verifiedProvinces: string[] }> = JSON.parse(
      readFileSync('subgraphs/national/reference-data/regions.json', 'utf8'),
    ).regions;
    const names = [...new Set(directory.flatMap((region) => region.provinces))].sort((a, b) =>
      a.localeCompare(b, 'id'),
    );
    expect(data.provinces).toEqual(
      names.map((name) => {
        const serving = directory.filter((region) => region.provinces.includes(name));
        return {
          name,
          verified: serving.every((region) => region.verifiedProvinces.includes(name)),
          regions: serving.map((region) => ({ code: region.code })),
        };
      }),
    );
    // XII's 2024 plan states its work area; Jawa Tengah's office is background knowledge.
    expect(data.provinces.find((province: any) => province.name === 'Riau')).toEqual({
      name: 'Riau',
      verified: true,
      regions: [{ code: 'XII' }],
    });
    expect(data.provinces.find((province: any) => province.name === 'Jawa Tengah').verified).toBe(false);
  });

  it('keeps the offices serving the provinces asked, whatever their case and spaces, in every comparison', async () => {
    const { data, errors } = await cluster.query(`{
      byProvince: compareIndicator(indicator: "IKU-09", provinces: [" riau ", "SUMATERA  UTARA"], years: [2024]) {
        id regions { code } rows { region { code } target }
      }
      both: compareIndicator(indicator: "IKU-09", regions: ["XII", "I", "VI"], provinces: ["Riau"], years: [2024]) {
        id regions { code }
      }
      all: compareIndicator(indicator: "IKU-09", years: [2024]) { id regions { code } }
      compareBudget(level: PROGRAM, provinces: ["jawa barat"], years: [2022]) {
        regions { code } rows { region { code } }
      }
      compareStaff(provinces: ["Kepulauan Riau"], years: [2024]) { regionCode year headcount }
    }`);
    expect(errors).toBeUndefined();
    expect(data.byProvince.regions).toEqual([{ code: 'VI' }, { code: 'XII' }]);
    expect(data.byProvince.rows.find((row: any) => row.region.code === 'XII').target).toBe(82);
    expect(data.both.regions).toEqual([{ code: 'XII' }]);
    expect(data.all.regions).toHaveLength(REGION_CODES.length);
    // The question lives in the id: a province filter is another comparison.
    expect(new Set([data.byProvince.id, data.both.id, data.all.id]).size).toBe(3);
    expect(new Set(data.compareBudget.rows.map((row: any) => row.region.code))).toEqual(new Set(['III']));
    expect(data.compareStaff.map((cell: any) => cell.regionCode)).toEqual(['XII']);
  });

  it('refuses an unknown province, naming the known ones, and a province no asked office serves', async () => {
    const unknown = await cluster.query(
      `{ compareIndicator(indicator: "IKU-09", provinces: ["Riau Daratan"]) { id } }`,
    );
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'provinces' });
    expect(unknown.errors![0].message).toMatch(/^unknown province "Riau Daratan"; known: Aceh, Bali, Banten,/);
    expect(unknown.errors![0].extensions.known).toContain('Sumatera Utara');
    for (const field of [
      'compareBudget(level: PROGRAM, provinces: ["Atlantis"]) { id }',
      'compareStaff(provinces: ["Atlantis"]) { regionCode }',
    ]) {
      const refused = await cluster.query(`{ ${field} }`);
      expect(refused.errors![0].extensions.code, field).toBe('BAD_USER_INPUT');
      expect(refused.errors![0].message, field).toContain('unknown province "Atlantis"');
    }
    const none = await cluster.query(
      `{ compareIndicator(indicator: "IKU-09", regions: ["VI", "I"], provinces: ["Riau"]) { id } }`,
    );
    expect(none.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(none.errors![0].message).toContain('Riau by XII');
  });

  it('ranks by realisation on request, and names the ranking', async () => {
    const { data, errors } = await cluster.query(`{
      byRealisation: compareIndicator(
        indicator: "IKU-09", regions: ${JSON.stringify(REGIONS)}, years: ${JSON.stringify(YEARS)}, rankBy: REALISATION
      ) {
        id rankedBy rows { region { code } year realisation rank rankedAmong missing }
      }
      byAchievement: compareIndicator(
        indicator: "IKU-09", regions: ${JSON.stringify(REGIONS)}, years: ${JSON.stringify(YEARS)}
      ) { id rankedBy }
    }`);
    expect(errors).toBeUndefined();
    expect([data.byRealisation.rankedBy, data.byAchievement.rankedBy]).toEqual(['REALISATION', 'ACHIEVEMENT']);
    expect(data.byRealisation.id).not.toBe(data.byAchievement.id);
    for (const year of YEARS) {
      const realised = REGIONS.map(
        (region) => indicatorFigures(filesOf(region, year), 'IKU-09')?.realisation ?? null,
      ).filter((value): value is number => value !== null);
      for (const row of data.byRealisation.rows.filter((candidate: any) => candidate.year === year)) {
        const label = `${row.region.code} ${year}`;
        if (row.realisation === null) expect([row.rank, row.rankedAmong], label).toEqual([null, null]);
        else
          expect([row.rank, row.rankedAmong], label).toEqual([
            realised.filter((value) => value > row.realisation).length + 1,
            realised.length,
          ]);
      }
    }
  });

  it('compares over 2000, the first valid year, without asking anyone for 1999; unranked rows have no rank count', async () => {
    const { data, errors } = await cluster.query(`{
      compareIndicator(indicator: "IKU-09", regions: ["VI", "XII"], years: [2000, 2021]) {
        rows { region { code } year missing targetChange rank rankedAmong }
      }
      compareBudget(level: RO, regions: ["VI"], years: [2000]) {
        rows { year missing amountChange } spending { year missing totalChange }
      }
      programs: compareBudget(level: PROGRAM, years: [2000, 2021]) { rows { year missing } }
      compareStaff(regions: ["VI"], years: [2000]) { regionCode year kind }
    }`);
    expect(errors).toBeUndefined();
    const of2000 = data.compareIndicator.rows.filter((row: any) => row.year === 2000);
    expect(of2000).toEqual([
      { region: { code: 'VI' }, year: 2000, missing: 'NO_PLAN', targetChange: null, rank: null, rankedAmong: null },
      { region: { code: 'XII' }, year: 2000, missing: 'NO_PLAN', targetChange: null, rank: null, rankedAmong: null },
    ]);
    expect(data.compareBudget.spending).toEqual([{ year: 2000, missing: 'NO_PLAN', totalChange: null }]);
    expect(data.compareBudget.rows.every((row: any) => row.amountChange === null && row.missing !== null)).toBe(true);
    expect(data.programs.rows.filter((row: any) => row.year === 2000).every((row: any) => row.missing !== null)).toBe(
      true,
    );
    expect(data.compareStaff).toEqual([{ regionCode: 'VI', year: 2000, kind: null }]);
  });

  it('rolls budget realisation up to KRO, KEGIATAN and PROGRAM only where every line below has one, exactly', async () => {
    for (const level of ['KRO', 'KEGIATAN', 'PROGRAM']) {
      const { data, errors } = await cluster.query(`{
        compareBudget(level: ${level}, regions: ${JSON.stringify(REGIONS)}, years: ${JSON.stringify(YEARS)}) {
          rows { region { code } year code amount realisedAmount absorption realisationMissing missing }
        }
      }`);
      expect(errors).toBeUndefined();
      let rolledUp = 0;
      for (const row of data.compareBudget.rows.filter((candidate: any) => candidate.missing === null)) {
        const label = `${level} ${row.region.code} ${row.year} ${row.code}`;
        const expected = realisedOf(filesOf(row.region.code, row.year), row.code);
        expect(row.realisedAmount, label).toBe(expected);
        if (expected === null) {
          expect(row.realisationMissing, label).toBe('INCOMPLETE_BELOW');
          continue;
        }
        rolledUp += 1;
        expect(row.realisationMissing, label).toBeNull();
        expect(row.absorption, label).toBeCloseTo(expected / row.amount, 5);
      }
      expect(rolledUp, level).toBeGreaterThan(0);
    }
    const { data, errors } = await cluster.query(`{
      compareBudget(level: PROGRAM, regions: ${JSON.stringify(REGIONS)}, years: ${JSON.stringify(YEARS)}) {
        spending { region { code } year totalBudget realisedBudget absorption missing }
      }
    }`);
    expect(errors).toBeUndefined();
    let realisedTotals = 0;
    for (const row of data.compareBudget.spending.filter((candidate: any) => candidate.missing === null)) {
      const files = filesOf(row.region.code, row.year)!;
      const programs = files.plan.budgetLines
        .filter((line) => line.parent === null)
        .map((line) => realisedOf(files, line.code));
      const expected =
        programs.length > 0 && programs.every((amount) => amount !== null)
          ? programs.reduce((sum: number, amount) => sum + amount!, 0)
          : null;
      expect(row.realisedBudget, `${row.region.code} ${row.year}`).toBe(expected);
      if (expected === null) continue;
      realisedTotals += 1;
      expect(row.absorption).toBeCloseTo(expected / row.totalBudget, 5);
    }
    expect(realisedTotals).toBeGreaterThan(0);
  });

  it("gives every line of a plan's budget tree its realisation, its basis and, where there is none, why", async () => {
    const { data, errors } = await cluster.query(`{
      demo: plan(region: "I", year: 2022) {
        totalBudget realisedBudget budgetAbsorption budgetRealisationMissing
        budgetLines {
          code level realisedAmount realisedPeriod realisationBasis realisationMissing realisationNote
          roLines roLinesRealised
        }
      }
      document: plan(region: "VI", year: 2021) {
        realisedBudget budgetRealisationMissing budgetRealisationNote
        budgetLines(level: KRO) { code realisedAmount realisationMissing realisationNote roLines roLinesRealised }
      }
    }`);
    expect(errors).toBeUndefined();
    const files = filesOf('I', 2022)!;
    const ownRealisation = (code: string) =>
      files.realisation?.budgetRealisations.some((entry) => entry.code === code) ?? false;
    for (const line of data.demo.budgetLines) {
      const expected = realisedOf(files, line.code);
      expect(line.realisedAmount, line.code).toBe(expected);
      expect(line.realisationBasis, line.code).toBe(
        expected === null ? null : ownRealisation(line.code) ? 'IMPORTED' : 'ROLLED_UP',
      );
      expect(line.realisedPeriod === null, line.code).toBe(expected === null);
      const ros = subtree(files, line.code).filter(
        (code) => files.plan.budgetLines.find((candidate) => candidate.code === code)!.level === 'RO',
      );
      expect([line.roLines, line.roLinesRealised], line.code).toEqual([ros.length, ros.filter(ownRealisation).length]);
    }
    expect(data.demo.budgetLines.some((line: any) => line.realisationBasis === 'ROLLED_UP')).toBe(true);
    const programs = files.plan.budgetLines
      .filter((line) => line.parent === null)
      .map((line) => realisedOf(files, line.code));
    const total = programs.every((amount) => amount !== null)
      ? programs.reduce((sum: number, amount) => sum + amount!, 0)
      : null;
    expect(total).not.toBeNull();
    expect(data.demo).toMatchObject({ realisedBudget: total, budgetRealisationMissing: null });
    expect(data.demo.budgetAbsorption).toBeCloseTo(total! / data.demo.totalBudget, 6);
    // The 2021 document has no realisation report: its KRO lines say how many RO lines below lack one.
    const vi2021 = filesOf('VI', 2021)!;
    expect(vi2021.realisation).toBeUndefined();
    expect(data.document).toMatchObject({
      realisedBudget: null,
      budgetRealisationMissing: 'INCOMPLETE_BELOW',
      budgetRealisationNote: '2 of 2 PROGRAM lines below have no realisation',
    });
    expect(data.document.budgetLines.find((line: any) => line.code === '4843.EAA')).toEqual({
      code: '4843.EAA',
      realisedAmount: null,
      realisationMissing: 'INCOMPLETE_BELOW',
      realisationNote: '2 of 2 RO lines below have no realisation',
      roLines: 2,
      roLinesRealised: 0,
    });
  });

  // Last: it stops a region for the rest of this file.
  it('still answers for the other regions when one is down, lists it as missing and names it in the error', async () => {
    await cluster.regions.get('XII')!.close();
    const { data, errors } = await cluster.query(`{
      compareIndicator(indicator: "IKU-09", regions: ["VI", "XII", "I"], years: [2021, 2024]) {
        rows { region { code } year target missing }
        summary { target { count } missing { region { code } year reason } }
      }
      compareBudget(level: PROGRAM, regions: ["VI", "XII"], years: [2021]) {
        rows { region { code } code amount missing } summary { missing { region { code } code reason } }
      }
    }`);
    const rows = data.compareIndicator.rows;
    expect(rows.find((row: any) => row.region.code === 'VI' && row.year === 2021)).toMatchObject({
      target: 77,
      missing: null,
    });
    expect(rows.filter((row: any) => row.region.code === 'XII').map((row: any) => row.missing)).toEqual([
      'REGION_UNAVAILABLE',
      'REGION_UNAVAILABLE',
    ]);
    expect(data.compareIndicator.summary.missing).toEqual([
      { region: { code: 'XII' }, year: 2021, reason: 'REGION_UNAVAILABLE' },
      { region: { code: 'XII' }, year: 2024, reason: 'REGION_UNAVAILABLE' },
    ]);
    expect(data.compareIndicator.summary.target.count).toBe(4);
    expect(
      data.compareBudget.rows.filter((row: any) => row.region.code === 'VI').map((row: any) => row.amount),
    ).toEqual([1300000000, 10918328000]);
    expect(
      data.compareBudget.summary.missing.every(
        (cell: any) => cell.region.code === 'XII' && cell.reason === 'REGION_UNAVAILABLE',
      ),
    ).toBe(true);
    expect(errors!.length).toBeGreaterThan(0);
    for (const error of errors!) expect(error.extensions).toMatchObject({ code: 'REGION_UNAVAILABLE', region: 'XII' });
  });
});
