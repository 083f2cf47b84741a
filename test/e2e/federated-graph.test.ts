import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphCluster, type GraphCluster, ENTITY_CACHE_OFF } from '../support/graph-cluster.ts';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

describe.each(TEST_ENGINES)(
  'the federated graph on %s: gateway, national and three regional services over HTTP',
  (engine) => {
    let database: TestDatabase;
    let cluster: GraphCluster;
    // Region XIV's "service" accepts connections and never answers: what a hung process looks like.
    let hungRegion: Server;

    beforeAll(async () => {
      database = await openTestDatabase(engine);
      hungRegion = createServer(() => {});
      await new Promise<void>((resolve) => hungRegion.listen(0, '127.0.0.1', resolve));
      const hungPort = (hungRegion.address() as { port: number }).port;
      cluster = await startGraphCluster(database, ['I', 'VI', 'XII'], {
        extraRegionUrls: `XIV=http://127.0.0.1:${hungPort}/graphql`,
        gatewayEnv: ENTITY_CACHE_OFF,
      });
    });
    afterAll(async () => {
      await cluster?.stop();
      hungRegion?.closeAllConnections();
      hungRegion?.close();
      await database?.dispose();
    });

    it('serves the documents’ total budgets and the 14 regional offices', async () => {
      const { data, errors } = await cluster.query(`{
      regions { code city }
      vi: region(code: "VI") { plan(year: 2021) { totalBudget totalBudgetProvenance { kind document line printed } } }
      xii: region(code: "XII") { plan(year: 2024) { totalBudget totalBudgetProvenance { line printed } } }
    }`);
      expect(errors).toBeUndefined();
      expect(data.regions).toHaveLength(14);
      expect(data.regions.map((region: any) => region.code)).toEqual([
        'I',
        'II',
        'III',
        'IV',
        'V',
        'VI',
        'VII',
        'VIII',
        'IX',
        'X',
        'XI',
        'XII',
        'XIII',
        'XIV',
      ]);
      expect(data.vi.plan.totalBudget).toBe(12218328000);
      expect(data.vi.plan.totalBudgetProvenance).toEqual({
        kind: 'DOCUMENT',
        document: '000_3fb0e9c3d24d2674.txt',
        line: 249,
        printed: 'Rp. 12.218.328.000,-',
      });
      expect(data.xii.plan.totalBudget).toBe(14682611000);
      expect(data.xii.plan.totalBudgetProvenance).toEqual({ line: 251, printed: 'Rp14.682.611.000,00' });
    });

    it('compares the ASN professionalism index of VI 2021 and XII 2023–2024 under one national indicator', async () => {
      const { data, errors } = await cluster.query(`{
      indicators { id name }
      indicator(id: "IKU-09") {
        name
        localCodes { region { code city } year code }
        values(regions: ["VI", "XII"], years: [2021, 2023, 2024]) {
          region { code city name } year code target realisation targetRevisedFrom
          targetRevision { previousTarget reason provenance { line } }
          targetProvenance { document line printed }
        }
      }
    }`);
      expect(errors).toBeUndefined();
      expect(data.indicators).toHaveLength(14);
      const cell = (region: string, year: number) =>
        data.indicator.values.find((value: any) => value.region.code === region && value.year === year);
      expect(data.indicator.values).toHaveLength(6);
      expect(data.indicator.localCodes).toEqual([
        { region: { code: 'VI', city: 'Medan' }, year: 2021, code: '7.a' },
        { region: { code: 'XII', city: 'Pekanbaru' }, year: 2023, code: 'IKU.9' },
        { region: { code: 'XII', city: 'Pekanbaru' }, year: 2024, code: 'IKU.9' },
      ]);
      expect(cell('XII', 2024).region).toEqual({
        code: 'XII',
        city: 'Pekanbaru',
        name: 'Kantor Regional XII BKN Pekanbaru',
      });
      expect(cell('VI', 2021)).toMatchObject({
        code: '7.a',
        target: 77,
        realisation: null,
        targetProvenance: { document: '000_3fb0e9c3d24d2674.txt', line: 240, printed: '77' },
      });
      expect(cell('XII', 2024)).toMatchObject({
        code: 'IKU.9',
        target: 82,
        targetRevisedFrom: 81,
        targetRevision: { previousTarget: 81, provenance: { line: 207 } },
      });
      expect(cell('XII', 2023)).toMatchObject({ code: 'IKU.9', target: null, realisation: 81.95 });
      // A region-year without a plan gives an entry with null figures, not an error.
      expect(cell('VI', 2024)).toMatchObject({ code: null, target: null, realisation: null });
    });

    it('serves the VI budget tree, parents before children, with the document’s amounts and flags', async () => {
      const { data, errors } = await cluster.query(`{
      region(code: "VI") { plan(year: 2021) {
        budgetLines { code parentCode level amount flags { code } provenance { line printed } }
        programs: budgetLines(level: PROGRAM) { code amount }
        flags { code }
      } }
    }`);
      expect(errors).toBeUndefined();
      const lines = data.region.plan.budgetLines;
      expect(data.region.plan.programs).toEqual([
        { code: '088.01.CO', amount: 1300000000 },
        { code: '088.01.WA', amount: 10918328000 },
      ]);
      const seen = new Set<string>();
      for (const line of lines) {
        if (line.parentCode) expect(seen.has(line.parentCode), `${line.code} after its parent`).toBe(true);
        seen.add(line.code);
      }
      const eab = lines.find((line: any) => line.code === '4843.EAB.005');
      expect(eab.amount).toBe(77932000);
      expect(eab.flags.map((flag: any) => flag.code)).toContain('MALFORMED_NUMBER');
      const operations = lines.filter((line: any) => line.parentCode === '4843.EAA.003.002');
      expect(operations).toHaveLength(13);
      expect(operations.reduce((sum: number, line: any) => sum + line.amount, 0)).toBe(3935663000);
      expect(data.region.plan.flags.map((flag: any) => flag.code)).toContain('YEAR_MISMATCH');
    });

    it('links one XII amount to several indicators, as the merged cells of the document do', async () => {
      const { data, errors } = await cluster.query(`{
      region(code: "XII") {
        plan(year: 2024) { budgetAllocations { amount indicatorCodes indicatorTargets { code } flags { code } } }
      }
    }`);
      expect(errors).toBeUndefined();
      const allocations = data.region.plan.budgetAllocations;
      expect(allocations.reduce((sum: number, allocation: any) => sum + allocation.amount, 0)).toBe(14682611000);
      const support = allocations.find((allocation: any) => allocation.amount === 13924138000);
      expect(support.indicatorCodes).toEqual(['IKU.10', 'IKU.11', 'IKU.12', 'IKU.13', 'IKU.14']);
      expect(support.indicatorTargets.map((target: any) => target.code)).toEqual(support.indicatorCodes);
      expect(
        allocations.every((allocation: any) => allocation.flags.some((flag: any) => flag.code === 'MERGED_CELL')),
      ).toBe(true);
    });

    it('returns the answers of interleaved regions in the order of the request', async () => {
      const { data, errors } = await cluster.query(`{
      indicators {
        id values(regions: ["VI", "XII", "I"], years: [2021, 2024]) { regionCode year indicatorId code target }
      }
    }`);
      expect(errors).toBeUndefined();
      for (const indicator of data.indicators) {
        expect(indicator.values.map((value: any) => `${value.regionCode}-${value.year}`)).toEqual([
          'VI-2021',
          'VI-2024',
          'XII-2021',
          'XII-2024',
          'I-2021',
          'I-2024',
        ]);
        for (const value of indicator.values) expect(value.indicatorId).toBe(indicator.id);
        const vi = indicator.values[0];
        const xii = indicator.values[3];
        expect(vi.code, `${indicator.id} VI 2021`).not.toBeNull();
        expect(xii.code, `${indicator.id} XII 2024`).toMatch(/^IKU\.\d+$/);
        expect(Number(xii.code.slice(4))).toBe(Number(indicator.id.slice(4)));
      }
    });

    it('points errors inside one region’s answer at the right place of the client’s response', async () => {
      const { data, errors } = await cluster.query(`{
      indicator(id: "IKU-09") {
        values(regions: ["I", "XII", "VI"], years: [2024]) { region { code plan(year: 1999) { year } } }
      }
    }`);
      expect(data.indicator.values.map((value: any) => value.region.code)).toEqual(['I', 'XII', 'VI']);
      const byRegion = Object.fromEntries(errors!.map((error: any) => [error.extensions.region, error]));
      expect(Object.keys(byRegion).sort()).toEqual(['I', 'VI', 'XII']);
      expect(byRegion.I.path).toEqual(['indicator', 'values', 0, 'region', 'plan']);
      expect(byRegion.XII.path).toEqual(['indicator', 'values', 1, 'region', 'plan']);
      expect(byRegion.VI.path).toEqual(['indicator', 'values', 2, 'region', 'plan']);
      expect(byRegion.XII.extensions.code).toBe('BAD_USER_INPUT');
      expect(byRegion.XII.message).toContain('1999');
    });

    it('answers BAD_USER_INPUT naming an unknown region or an impossible year', async () => {
      const unknownRegion = await cluster.query(`{ region(code: "XV") { code } }`);
      expect(unknownRegion.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(unknownRegion.errors![0].message).toContain('"XV"');
      const badYear = await cluster.query(`{ indicator(id: "IKU-01") { values(years: [20210]) { year } } }`);
      expect(badYear.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(badYear.errors![0].message).toContain('20210');
      const badRegionInGrid = await cluster.query(
        `{ indicator(id: "IKU-01") { values(regions: ["VI", "Medan"]) { year } } }`,
      );
      expect(badRegionInGrid.errors![0].message).toContain('"Medan"');
    });

    it('names a region that has no configured service', async () => {
      const { data, errors } = await cluster.query(
        `{ indicator(id: "IKU-09") { values(regions: ["VI", "II"], years: [2021]) { regionCode code } } }`,
      );
      expect(data.indicator.values).toEqual([
        { regionCode: 'VI', code: '7.a' },
        { regionCode: 'II', code: null },
      ]);
      expect(errors).toHaveLength(1);
      expect(errors![0].extensions).toMatchObject({ code: 'REGION_NOT_CONFIGURED', region: 'II' });
      expect(errors![0].path).toEqual(['indicator', 'values', 1]);
    });

    it('answers for the other regions when one region does not answer within its timeout', async () => {
      const { data, errors } = await cluster.query(
        `{ indicator(id: "IKU-09") { values(regions: ["XIV", "VI"], years: [2021]) { regionCode code target } } }`,
      );
      expect(data.indicator.values).toEqual([
        { regionCode: 'XIV', code: null, target: null },
        { regionCode: 'VI', code: '7.a', target: 77 },
      ]);
      expect(errors).toHaveLength(1);
      expect(errors![0].extensions).toMatchObject({ code: 'REGION_UNAVAILABLE', region: 'XIV', reason: 'TIMEOUT' });
      expect(errors![0].path).toEqual(['indicator', 'values', 0]);
    });

    it('routes plan(region, year) straight to each region, one request per region, with the documents\u2019 totals', async () => {
      const { data, errors } = await cluster.query(
        `query Totals($year: Int!) {
        medan: plan(region: "VI", year: 2021) { ...Total }
        pekanbaru: plan(region: "xii", year: $year) { ...Total revision }
        none: plan(region: "I", year: 2021) { ...Total }
      }
      fragment Total on WorkPlan { regionCode year totalBudget }`,
        { year: 2024 },
      );
      expect(errors).toBeUndefined();
      expect(data).toEqual({
        medan: { regionCode: 'VI', year: 2021, totalBudget: 12218328000 },
        pekanbaru: { regionCode: 'XII', year: 2024, totalBudget: 14682611000, revision: 1 },
        none: null,
      });
    });

    it('nulls only the root fields of an unknown or silent region, naming it', async () => {
      const { data, errors } = await cluster.query(`{
      medan: plan(region: "VI", year: 2021) { totalBudget }
      unknown: plan(region: "XX", year: 2021) { totalBudget }
      silent: plan(region: "XIV", year: 2021) { totalBudget }
    }`);
      expect(data).toEqual({ medan: { totalBudget: 12218328000 }, unknown: null, silent: null });
      expect(errors!.map((error) => [error.path, error.extensions.code, error.extensions.region])).toEqual(
        expect.arrayContaining([
          [['unknown'], 'REGION_NOT_CONFIGURED', 'XX'],
          [['silent'], 'REGION_UNAVAILABLE', 'XIV'],
        ]),
      );
      expect(errors).toHaveLength(2);
    });

    it('reports every subgraph and region on /health', async () => {
      const response = await fetch(`${cluster.gatewayUrl}/health`);
      expect(response.status).toBe(200);
      const health = await response.json();
      expect(health.supergraph).toBe('loaded');
      expect(health.subgraphs.map((subgraph: any) => subgraph.region ?? subgraph.name).sort()).toEqual([
        'I',
        'VI',
        'XII',
        'XIV',
        'national',
      ]);
      const status = Object.fromEntries(
        health.subgraphs.map((subgraph: any) => [subgraph.region ?? subgraph.name, subgraph.status]),
      );
      expect(status).toEqual({ national: 'up', I: 'up', VI: 'up', XII: 'up', XIV: 'down' });
      expect(health.status).toBe('degraded');
    });

    it('serves the GraphQL IDE and its assets itself, with no CDN', async () => {
      const page = await (await fetch(`${cluster.gatewayUrl}/`)).text();
      const scripts = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
      // The IDE's bundle (its script and styles); Monaco's workers are loaded by the script, from the same place.
      expect(scripts.filter((asset) => asset.endsWith('.js')).length).toBeGreaterThanOrEqual(1);
      expect(scripts.filter((asset) => asset.endsWith('.css')).length).toBeGreaterThanOrEqual(1);
      for (const asset of scripts) {
        expect(asset.startsWith('http')).toBe(false);
        const response = await fetch(new URL(asset, `${cluster.gatewayUrl}/`));
        expect(response.status, asset).toBe(200);
      }
    });

    // Last: it stops a region for the rest of this file.
    it('gives partial data and a REGION_UNAVAILABLE error naming a region that stopped mid-test', async () => {
      const query =
        '{ indicator(id: "IKU-09") { values(regions: ["VI", "XII", "I"], years: [2021, 2024]) ' +
        '{ regionCode year code target } } }';
      const before = await cluster.query(query);
      expect(before.errors).toBeUndefined();
      expect(before.data.indicator.values[3]).toEqual({ regionCode: 'XII', year: 2024, code: 'IKU.9', target: 82 });

      await cluster.regions.get('XII')!.close();
      const { data, errors } = await cluster.query(query);
      const values = data.indicator.values;
      expect(values.map((value: any) => `${value.regionCode}-${value.year}`)).toEqual([
        'VI-2021',
        'VI-2024',
        'XII-2021',
        'XII-2024',
        'I-2021',
        'I-2024',
      ]);
      expect(values[0]).toEqual(before.data.indicator.values[0]);
      expect(values[0].target).toBe(77);
      expect(values[3]).toEqual({ regionCode: 'XII', year: 2024, code: null, target: null });
      expect(errors).toHaveLength(1);
      expect(errors![0].extensions).toMatchObject({ code: 'REGION_UNAVAILABLE', region: 'XII' });
      expect(errors![0].message).toContain('XII');

      // /health reuses one round of subgraph checks for 5 s, so XII shows as down within that.
      const xiiStatus = async () =>
        (await (await fetch(`${cluster.gatewayUrl}/health`)).json()).subgraphs.find(
          (subgraph: any) => subgraph.region === 'XII',
        ).status;
      const deadline = performance.now() + 7_000;
      while ((await xiiStatus()) !== 'down' && performance.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await xiiStatus()).toBe('down');
    });
  },
);
