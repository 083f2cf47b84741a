import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetExport } from '../../gateway/export/budget-export.ts';
import { indicatorExport } from '../../gateway/export/indicator-export.ts';
import { spendingExport } from '../../gateway/export/spending-export.ts';
import { staffExport, staffMovementExport } from '../../gateway/export/staff-export.ts';
import { workloadExport } from '../../gateway/export/workload-export.ts';
import type { ExportView } from '../../gateway/export/export-view.ts';
import { startGraphCluster, type GraphCluster, ENTITY_CACHE_OFF } from '../support/graph-cluster.ts';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

type CsvRow = Record<string, string>;

const columnNames = (view: ExportView) => view.columns.map((column) => column.name);

describe.each(TEST_ENGINES)(
  'BI exports on %s: CSV and JSON lines over GET, from a gateway and three regional services',
  (engine) => {
    let database: TestDatabase;
    let cluster: GraphCluster;

    beforeAll(async () => {
      database = await openTestDatabase(engine);
      cluster = await startGraphCluster(database, ['I', 'VI', 'XII'], { gatewayEnv: ENTITY_CACHE_OFF });
    });
    afterAll(async () => {
      await cluster?.stop();
      await database?.dispose();
    });

    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${cluster.gatewayUrl}${path}`, { headers });

    /** The CSV as csv-parse reads it: the header row, and the records keyed by it. */
    async function getCsv(path: string, headers: Record<string, string> = {}) {
      const response = await get(path, headers);
      const text = await response.text();
      expect(response.status, text).toBe(200);
      const [header = [], ...records] = parse(text) as string[][];
      const rows: CsvRow[] = records.map((record) =>
        Object.fromEntries(header.map((name, index) => [name, record[index]!])),
      );
      return { response, text, header, rows };
    }

    const rowOf = (rows: CsvRow[], match: Partial<CsvRow>) => {
      const found = rows.filter((row) => Object.entries(match).every(([name, value]) => row[name] === value));
      expect(found, JSON.stringify(match)).toHaveLength(1);
      return found[0]!;
    };

    const INDICATOR_QUERY = '?indicators=IKU-09,IKU-03&regions=VI,XII&years=2021,2023,2024&kinds=DOCUMENT';

    it('exports an indicator comparison as CSV with the documented columns and the plan files’ figures', async () => {
      const { response, header, rows } = await getCsv(`/export/indicators.csv${INDICATOR_QUERY}`);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe('inline; filename="indicators.csv"');
      expect(response.headers.get('x-missing-regions')).toBeNull();
      expect(header).toEqual(columnNames(indicatorExport));
      // Indicator × region × year, in the order asked.
      expect(rows.map((row) => `${row.indicator_id} ${row.region_code} ${row.year}`)).toEqual(
        ['IKU-09', 'IKU-03'].flatMap((indicator) =>
          ['VI', 'XII'].flatMap((region) => ['2021', '2023', '2024'].map((year) => `${indicator} ${region} ${year}`)),
        ),
      );

      expect(rowOf(rows, { indicator_id: 'IKU-09', region_code: 'VI', year: '2021' })).toMatchObject({
        indicator_name: 'Indeks Profesionalitas ASN Kantor Regional',
        unit: 'Indeks (0-100)',
        region_name: 'Kantor Regional VI BKN Medan',
        local_code: '7.a',
        kind: 'DOCUMENT',
        // Decimal columns always carry a fraction, so that a reader infers the same type on any data.
        target: '77.0',
        realisation: '',
        missing_reason: '',
      });
      expect(rowOf(rows, { indicator_id: 'IKU-09', region_code: 'XII', year: '2024' })).toMatchObject({
        region_name: 'Kantor Regional XII BKN Pekanbaru',
        local_code: 'IKU.9',
        target: '82.0',
        linked_budget_rupiah: '134679000',
      });
      expect(rowOf(rows, { indicator_id: 'IKU-09', region_code: 'XII', year: '2023' })).toMatchObject({
        local_code: 'IKU.9',
        target: '',
        realisation: '81.95',
      });
      expect(rowOf(rows, { indicator_id: 'IKU-09', region_code: 'VI', year: '2024' })).toMatchObject({
        local_code: '',
        target: '',
        kind: '',
        missing_reason: 'NO_PLAN',
      });
    });

    it('writes Rupiah amounts as exact integers, budget lines and the spending split alike', async () => {
      const budget = await getCsv('/export/budget.csv?level=PROGRAM&regions=VI&years=2021');
      expect(budget.header).toEqual(columnNames(budgetExport));
      expect(budget.rows.map((row) => [row.code, row.amount_rupiah])).toEqual([
        ['088.01.CO', '1300000000'],
        ['088.01.WA', '10918328000'],
      ]);
      expect(budget.rows[1]).toMatchObject({
        region_code: 'VI',
        year: '2021',
        level: 'PROGRAM',
        item_name: 'Program Dukungan Manajemen',
        nomenclature: 'RSPP-2021',
        kind: 'DOCUMENT',
      });
      expect(budget.text).not.toMatch(/\de[+-]?\d/i);

      const spending = await getCsv('/export/spending.csv?regions=VI&years=2021');
      expect(spending.header).toEqual(columnNames(spendingExport));
      expect(spending.rows).toHaveLength(1);
      expect(spending.rows[0]).toMatchObject({
        region_code: 'VI',
        total_budget_rupiah: '12218328000',
        operasional_rupiah: '3935663000',
        missing_reason: '',
      });
    });

    it('carries the work area into the spending split: XII 2024 serves 41 agencies, 14,682,611,000 ÷ 41 per agency', async () => {
      const graph = await fetch(`${cluster.gatewayUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            '{ compareBudget(level: PROGRAM, regions: ["XII"], years: [2024]) { spending ' +
            '{ totalBudget agenciesServed budgetPerAgency } } }',
        }),
      });
      const { data } = (await graph.json()) as { data: { compareBudget: { spending: unknown[] } } };
      expect(data.compareBudget.spending).toEqual([
        { totalBudget: 14682611000, agenciesServed: 41, budgetPerAgency: 358112463 },
      ]);
      const { rows } = await getCsv('/export/spending.csv?regions=XII&years=2024');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        region_code: 'XII',
        year: '2024',
        total_budget_rupiah: '14682611000',
        agencies_served: '41',
        budget_per_agency_rupiah: '358112463',
      });
    });

    it('exports workload per region-year: what the plans state, empty and named where they state nothing', async () => {
      const { header, rows } = await getCsv('/export/workload.csv?regions=VI,XII&years=2021,2024');
      expect(header).toEqual(columnNames(workloadExport));
      expect(rows.map((row) => `${row.region_code} ${row.year} ${row.missing_reason}`)).toEqual([
        'VI 2021 NO_VALUE',
        'VI 2024 NO_PLAN',
        'XII 2021 NO_PLAN',
        'XII 2024 NO_VALUE',
      ]);
      // VI-2021.plan.json: 87 staff (TOTAL), pagu 12,218,328,000, no work area printed.
      expect(rows[0]).toMatchObject({
        kind: 'DOCUMENT',
        agencies_served: '',
        headcount: '87',
        total_budget_rupiah: '12218328000',
        agencies_per_staff: '',
        staff_per_agency: '',
        budget_per_agency_rupiah: '',
        unknown_inputs: 'AGENCIES_SERVED',
        rank: '',
        ranked_among: '',
      });
      // XII-2024.plan.json: 41 agencies (line 170), pagu 14,682,611,000, no headcount printed.
      expect(rows[3]).toMatchObject({
        kind: 'DOCUMENT',
        agencies_served: '41',
        headcount: '',
        total_budget_rupiah: '14682611000',
        agencies_per_staff: '',
        budget_per_agency_rupiah: '358112463',
        unknown_inputs: 'HEADCOUNT',
        rank: '',
      });
      expect(rows[1]).toMatchObject({ kind: '', unknown_inputs: 'AGENCIES_SERVED HEADCOUNT TOTAL_BUDGET' });
    });

    it('gives the same values as JSON lines, one object per line, with Rupiah as JSON integers', async () => {
      const { rows } = await getCsv(`/export/indicators.csv${INDICATOR_QUERY}`);
      const response = await get(`/export/indicators.jsonl${INDICATOR_QUERY}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      const text = await response.text();
      expect(text.endsWith('\n')).toBe(true);
      // Decimals as JSON numbers with a fraction (77.0), as in the CSV, so that pandas reads float64 on any data.
      expect(text).toContain('"target":77.0,');
      const objects = text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(objects).toHaveLength(rows.length);
      const decimals = new Set(
        indicatorExport.columns.filter((column) => column.type === 'decimal').map((column) => column.name),
      );
      objects.forEach((object, index) => {
        expect(Object.keys(object)).toEqual(columnNames(indicatorExport));
        for (const [name, value] of Object.entries(object)) {
          const csv = rows[index]![name]!;
          if (value === null) expect(csv, name).toBe('');
          else if (decimals.has(name)) expect(Number(csv), name).toBe(value);
          else expect(csv, name).toBe(String(value));
        }
      });
      const xii2024 = objects.find(
        (object) => object.indicator_id === 'IKU-09' && object.region_code === 'XII' && object.year === 2024,
      )!;
      expect(xii2024).toMatchObject({ target: 82, linked_budget_rupiah: 134679000, realisation: null });
    });

    it('exports staff headcounts and movements in long format, one row per figure', async () => {
      const staff = await getCsv('/export/staff.csv?regions=VI,XII&years=2021,2024');
      expect(staff.header).toEqual(columnNames(staffExport));
      expect(rowOf(staff.rows, { region_code: 'VI', year: '2021', dimension: 'TOTAL' })).toMatchObject({
        as_of: '2020-12-31',
        category: '',
        count: '87',
        kind: 'DOCUMENT',
      });
      expect(rowOf(staff.rows, { region_code: 'XII', year: '2021' })).toMatchObject({
        count: '',
        missing_reason: 'NO_PLAN',
      });

      const movements = await getCsv('/export/staff-movements.csv?regions=VI&years=2021');
      expect(movements.header).toEqual(columnNames(staffMovementExport));
      expect(movements.rows.map((row) => [row.movement_type, row.count, row.counterpart])).toEqual([
        ['RETIRED', '3', ''],
        ['TRANSFERRED_IN', '1', 'Kantor Regional VII BKN'],
        ['TRANSFERRED_IN', '1', 'UPT Batam'],
        ['DIED', '1', ''],
      ]);
    });

    it('answers 400 in plain text naming a bad region, year, indicator or level and the value', async () => {
      const refusal = async (path: string) => {
        const response = await get(path);
        expect(response.status, path).toBe(400);
        expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
        return response.text();
      };
      expect(await refusal('/export/indicators.csv?regions=VI,XV')).toMatch(
        /^Bad parameter "regions": Unknown region code "XV"; expected one of I, II/,
      );
      expect(await refusal('/export/indicators.csv?years=2021,20210')).toMatch(/^Bad parameter "years": .*20210/);
      expect(await refusal('/export/indicators.csv?years=2021x')).toMatch(
        /^Bad parameter "years": "2021x" is not a year/,
      );
      expect(await refusal('/export/indicators.jsonl?indicators=IKU-09,IKU-99')).toMatch(
        /^Bad parameter "indicators": Unknown national indicator "IKU-99"/,
      );
      expect(await refusal('/export/staff.csv?kinds=REAL')).toMatch(/^Bad parameter "kinds": .*"REAL"/);
      expect(await refusal('/export/budget.csv?level=KOMPONEN')).toMatch(/^Bad parameter "level": .*KOMPONEN/);
      expect(await refusal('/export/indicators.csv?dialect=semicolon')).toMatch(
        /^Bad parameter "dialect": expected one of default, excel-id/,
      );
      expect(await refusal('/export/budget.csv?level=RO&codes=4843.EAA.003,9999.ZZZ')).toMatch(
        /^Bad parameter "codes": .*"9999\.ZZZ"/,
      );
      expect(await refusal('/export/spending.csv?region=VI')).toBe(
        'Unknown parameter "region"; expected regions, years, kinds, provinces\n',
      );
      expect((await get('/export/indicator.csv')).status).toBe(404);
    });

    it('sends a strong ETag and caching headers, and answers 304 to If-None-Match', async () => {
      const path = '/export/budget.csv?level=PROGRAM&regions=VI&years=2021';
      const first = await get(path);
      const body = await first.text();
      const etag = first.headers.get('etag')!;
      // Known before the body: the data version and the question (export-entity-tag.ts).
      expect(etag).toMatch(/^"v-[\w-]+"$/);
      expect(first.headers.get('cache-control')).toBe('public, max-age=60');

      const again = await get(path);
      expect(again.headers.get('etag')).toBe(etag);
      expect(await again.text()).toBe(body);

      const revalidated = await get(path, { 'if-none-match': `W/"other", ${etag}` });
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.get('etag')).toBe(etag);
      expect(await revalidated.text()).toBe('');

      const stale = await get(path, { 'if-none-match': '"stale"' });
      expect(stale.status).toBe(200);
      const otherQuestion = await get('/export/budget.csv?level=PROGRAM&regions=VI&years=2021,2022');
      expect(otherQuestion.headers.get('etag')).not.toBe(etag);
      expect((await get(path.replace('.csv', '.jsonl'))).headers.get('etag')).not.toBe(etag);
    });

    it('serves any list-valued GraphQL query as CSV on GET /graphql with Accept: text/csv', async () => {
      const regions = await getCsv(`/graphql?query=${encodeURIComponent('{ regions { code name city } }')}`, {
        accept: 'text/csv',
      });
      expect(regions.header).toEqual(['code', 'name', 'city']);
      expect(regions.rows).toHaveLength(14);
      expect(regions.rows[5]).toEqual({ code: 'VI', name: 'Kantor Regional VI BKN Medan', city: 'Medan' });
      expect(regions.response.headers.get('vary')).toMatch(/accept/i);
      expect(regions.response.headers.get('etag')).toBeTruthy();

      const query = `query Compare($regions: [String!]) {
      compareIndicator(indicator: "IKU-09", regions: $regions, years: [2024]) {
        indicator { id } rows { region { code name } year target linkedBudget }
      }
    }`;
      const variables = JSON.stringify({ regions: ['XII', 'VI'] });
      const nested = await getCsv(
        `/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(variables)}`,
        { accept: 'text/csv' },
      );
      expect(nested.response.headers.get('x-result-list')).toBe('compareIndicator.rows');
      expect(nested.header).toEqual(['region.code', 'region.name', 'year', 'target', 'linkedBudget']);
      expect(nested.rows[0]).toEqual({
        'region.code': 'XII',
        'region.name': 'Kantor Regional XII BKN Pekanbaru',
        year: '2024',
        target: '82',
        linkedBudget: '134679000',
      });

      const localCodesQuery =
        '{ indicator(id: "IKU-09") { localCodes { region { code } year code } } regions { code } }';
      const withLists = await getCsv(`/graphql?query=${encodeURIComponent(localCodesQuery)}`, { accept: 'text/csv' });
      expect(withLists.header).toEqual(['region.code', 'year', 'code']);
      const movementsQuery = '{ region(code: "VI") { plans { year staff { movements { type count } } } } }';
      const plans = await getCsv(`/graphql?query=${encodeURIComponent(movementsQuery)}`, { accept: 'text/csv' });
      expect(JSON.parse(plans.rows[0]!['staff.movements']!)).toContainEqual({ type: 'RETIRED', count: 3 });

      const excel = await get(
        `/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(variables)}&dialect=excel-id`,
        { accept: 'text/csv' },
      );
      // The bytes: Response.text() would drop the byte-order mark.
      expect(Buffer.from(await excel.arrayBuffer()).toString('utf8')).toBe(
        '\ufeffregion.code;region.name;year;target;linkedBudget\r\n' +
          'XII;Kantor Regional XII BKN Pekanbaru;2024;82;134679000\r\n' +
          'VI;Kantor Regional VI BKN Medan;2024;;\r\n',
      );

      // JSON clients are Apollo's, as before.
      const json = await get(`/graphql?query=${encodeURIComponent('{ regions { code } }')}`, {
        accept: 'application/json',
        'apollo-require-preflight': 'true',
      });
      expect(json.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await json.json()) as any).data.regions).toHaveLength(14);
    });

    it('answers a generic query without a list as 400, naming the graph’s error', async () => {
      const badInput = await get(`/graphql?query=${encodeURIComponent('{ region(code: "XV") { code } }')}`, {
        accept: 'text/csv',
      });
      expect(badInput.status).toBe(400);
      expect(await badInput.text()).toContain('Unknown region code "XV"');
      const noList = await get(`/graphql?query=${encodeURIComponent('{ region(code: "VI") { city } }')}`, {
        accept: 'text/csv',
      });
      expect(noList.status).toBe(400);
      expect(await noList.text()).toMatch(/no list/);
      const mutation = await get(`/graphql?query=${encodeURIComponent('mutation { anything }')}`, {
        accept: 'text/csv',
      });
      expect(mutation.status).toBe(405);
    });

    it('fetches a query registered through POST with automatic persisted queries as CSV by its hash alone', async () => {
      const query = '{ regions { code city } }';
      const sha256Hash = createHash('sha256').update(query).digest('hex');
      const extensions = { persistedQuery: { version: 1, sha256Hash } };
      const byHash = `/graphql?extensions=${encodeURIComponent(JSON.stringify(extensions))}`;

      const unknown = await get(byHash, { accept: 'text/csv' });
      expect(unknown.status).toBe(400);
      expect(await unknown.text()).toMatch(/^PersistedQueryNotFound/);

      // What Apollo Client's persisted-query link does: the hash alone, then the query with the hash.
      const post = (body: unknown) =>
        fetch(`${cluster.gatewayUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then((response) => response.json() as Promise<any>);
      expect((await post({ extensions })).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect((await post({ query, extensions })).data.regions).toHaveLength(14);

      const { header, rows } = await getCsv(byHash, { accept: 'text/csv' });
      expect(header).toEqual(['code', 'city']);
      expect(rows).toHaveLength(14);
      expect(rows[11]).toEqual({ code: 'XII', city: 'Pekanbaru' });
    });

    // Last: it stops a region for the rest of this file.
    it('still answers for the other regions when one stops, naming it in X-Missing-Regions and missing_reason', async () => {
      await cluster.regions.get('XII')!.close();

      const indicators = await getCsv('/export/indicators.csv?indicators=IKU-09&regions=VI,XII&years=2021,2024');
      expect(indicators.response.headers.get('x-missing-regions')).toBe('XII');
      expect(indicators.response.headers.get('cache-control')).toBe('public, no-cache');
      expect(JSON.parse(indicators.response.headers.get('x-graphql-errors')!)).toEqual([
        expect.stringMatching(/^REGION_UNAVAILABLE: Region XII/),
      ]);
      expect(rowOf(indicators.rows, { region_code: 'VI', year: '2021' })).toMatchObject({
        target: '77.0',
        local_code: '7.a',
        missing_reason: '',
      });
      for (const year of ['2021', '2024']) {
        expect(rowOf(indicators.rows, { region_code: 'XII', year })).toMatchObject({
          target: '',
          local_code: '',
          missing_reason: 'REGION_UNAVAILABLE',
        });
      }

      const budget = await getCsv('/export/budget.csv?level=PROGRAM&regions=XII,VI&years=2021');
      expect(budget.response.headers.get('x-missing-regions')).toBe('XII');
      expect(budget.rows.map((row) => [row.region_code, row.amount_rupiah, row.missing_reason])).toEqual([
        ['XII', '', 'REGION_UNAVAILABLE'],
        ['XII', '', 'REGION_UNAVAILABLE'],
        ['VI', '1300000000', ''],
        ['VI', '10918328000', ''],
      ]);

      const staff = await getCsv('/export/staff.csv?regions=VI,XII&years=2021');
      expect(staff.response.headers.get('x-missing-regions')).toBe('XII');
      expect(rowOf(staff.rows, { region_code: 'XII' })).toMatchObject({
        count: '',
        missing_reason: 'REGION_UNAVAILABLE',
      });
      expect(rowOf(staff.rows, { region_code: 'VI', dimension: 'TOTAL' }).count).toBe('87');

      const targetsQuery =
        '{ compareIndicator(indicator: "IKU-09", regions: ["VI", "XII"], years: [2024]) ' +
        '{ rows { region { code } target missing } } }';
      const generic = await getCsv(`/graphql?query=${encodeURIComponent(targetsQuery)}`, { accept: 'text/csv' });
      expect(generic.response.headers.get('x-missing-regions')).toBe('XII');
      expect(generic.response.headers.get('x-graphql-errors')).toContain('REGION_UNAVAILABLE');
      expect(generic.rows).toEqual([
        { 'region.code': 'VI', target: '', missing: 'NO_PLAN' },
        { 'region.code': 'XII', target: '', missing: 'REGION_UNAVAILABLE' },
      ]);
    });
  },
);
