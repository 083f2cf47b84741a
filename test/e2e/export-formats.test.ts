import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/importing/import-files.ts';
import { runGenerateCommand } from '../../ingest/synthetic/run-generate-command.ts';
import { budgetExport } from '../../gateway/export/budget-export.ts';
import { indicatorExport } from '../../gateway/export/indicator-export.ts';
import { EXPORT_VIEWS } from '../../gateway/export/export-views.ts';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

interface SchemaField {
  name: string;
  type: 'string' | 'integer' | 'number' | 'date';
  decimalChar?: string;
}
interface TableSchema {
  fields: SchemaField[];
  missingValues: string[];
  dialect: { delimiter: string; lineTerminator: string };
}

const INDICATOR_QUESTION = 'indicators=IKU-09,IKU-03&regions=VI,XII&years=2021,2023,2024';

/** The Table Schema's own rules, for the types it uses: every field of every row, or the first violation. */
function violationsOf(schema: TableSchema, header: string[], records: string[][]): string[] {
  expect(header).toEqual(schema.fields.map((field) => field.name));
  const patternOf = (field: SchemaField): RegExp => {
    const decimal = (field.decimalChar ?? '.').replace('.', '\\.');
    // Decimal columns are written with a fractional part always: "77.0", never "77" (type stability).
    if (field.type === 'number') return new RegExp(`^-?\\d+${decimal}\\d+$`);
    if (field.type === 'integer') return /^-?\d+$/;
    if (field.type === 'date') return /^\d{4}-\d{2}-\d{2}$/;
    return /^[\s\S]*$/;
  };
  return records.flatMap((record, row) =>
    schema.fields.flatMap((field, index) => {
      const value = record[index] ?? '';
      if (schema.missingValues.includes(value)) return [];
      return patternOf(field).test(value) ? [] : [`row ${row + 1} ${field.name}: "${value}" is no ${field.type}`];
    }),
  );
}

/** The gateway's answer with its raw bytes, whatever its encoding: fetch would decode gzip for us. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('exports that open right: XLSX, the excel-id CSV, Table Schema, ETag before compute, compression', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  const directory = mkdtempSync(join(tmpdir(), 'export-formats-'));

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI', 'XII']);
  });
  afterAll(async () => {
    await cluster?.stop();
    await database?.dispose();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${cluster.gatewayUrl}${path}`, { headers });
  const text = async (path: string) => {
    const response = await get(path);
    const body = await response.text();
    expect(response.status, body).toBe(200);
    return { response, body };
  };

  it('writes an XLSX whose cells are the JSON answer’s values and types, Rupiah formatted, header frozen', async () => {
    const response = await get(`/export/indicators.xlsx?${INDICATOR_QUESTION}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="indicators.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet('Data')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const names = indicatorExport.columns.map((column) => column.name);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(names);

    const { data, errors } = await cluster.query(`{
      compareIndicators(indicators: ["IKU-09", "IKU-03"], regions: ["VI", "XII"], years: [2021, 2023, 2024]) {
        indicator { id name unit }
        rows {
          region { code name } year code kind target realisation achievement gapToTarget rank rankedAmong targetChange
          realisationChange linkedBudget costPerTargetPoint agenciesServed targetAgencies realisationAgencies missing
        }
      }
    }`);
    expect(errors).toBeUndefined();
    const expected = data.compareIndicators.flatMap((comparison: any) =>
      comparison.rows.map((row: any) => [
        comparison.indicator.id,
        comparison.indicator.name,
        comparison.indicator.unit,
        row.region.code,
        row.region.name,
        row.year,
        row.code,
        row.kind,
        row.target,
        row.realisation,
        row.achievement,
        row.gapToTarget,
        row.rank,
        row.rankedAmong,
        row.targetChange,
        row.realisationChange,
        row.linkedBudget,
        row.costPerTargetPoint,
        row.agenciesServed,
        row.targetAgencies,
        row.realisationAgencies,
        row.missing,
      ]),
    );
    expect(sheet.rowCount - 1).toBe(expected.length);
    expected.forEach((values: unknown[], rowIndex: number) => {
      const row = sheet.getRow(rowIndex + 2);
      values.forEach((value, columnIndex) => {
        const cell = row.getCell(columnIndex + 1);
        const where = `${names[columnIndex]} of row ${rowIndex + 2}`;
        if (value === null) expect(cell.value ?? null, where).toBeNull();
        else {
          expect(typeof cell.value, where).toBe(typeof value);
          expect(cell.value, where).toBe(value);
        }
      });
    });
    const rupiah = names.indexOf('linked_budget_rupiah') + 1;
    expect(sheet.getColumn(rupiah).numFmt).toBe('#,##0');
    const xii2024 = expected.findIndex(
      (values: unknown[]) => values[0] === 'IKU-09' && values[3] === 'XII' && values[5] === 2024,
    );
    expect(sheet.getRow(xii2024 + 2).getCell(rupiah).value).toBe(134679000);
  });

  it('explains every column in "Kamus data" and names the document line of every document figure', async () => {
    const response = await get(`/export/indicators.xlsx?${INDICATOR_QUESTION}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const dictionary = workbook.getWorksheet('Kamus data')!;
    const rows = dictionary
      .getSheetValues()
      .filter(Boolean)
      .map((values) => (values as unknown[]).slice(1));
    for (const column of indicatorExport.columns)
      expect(rows).toContainEqual([column.name, expect.any(String), column.description]);
    const provenanceHeader = rows.findIndex((values) => values[0] === 'region_code' && values[6] === 'line');
    expect(provenanceHeader).toBeGreaterThan(0);
    const entries = rows.slice(provenanceHeader + 1);
    const vi2021 = entries.find(
      (values) => values[0] === 'VI' && values[1] === 2021 && values[2] === 'IKU-09' && values[3] === 'target',
    );
    expect(vi2021).toBeDefined();
    // Each entry's printed figure is on the line it names, in the document it names.
    for (const [, , , , printed, document, line] of entries) {
      const lines = readFileSync(join('data/documents', String(document)), 'utf8').split('\n');
      expect(lines[Number(line) - 1], `${document}:${line}`).toContain(String(printed));
    }
    const budget = new ExcelJS.Workbook();
    await budget.xlsx.load(
      Buffer.from(await (await get('/export/budget.xlsx?level=PROGRAM&regions=VI&years=2021')).arrayBuffer()) as never,
    );
    const budgetRows = budget
      .getWorksheet('Kamus data')!
      .getSheetValues()
      .filter(Boolean)
      .map((values) => (values as unknown[]).slice(1));
    const wa = budgetRows.find((values) => values[2] === '088.01.WA' && values[3] === 'amount');
    expect(wa).toEqual([
      'VI',
      2021,
      '088.01.WA',
      'amount',
      expect.any(String),
      expect.stringMatching(/^000_/),
      expect.any(Number),
      expect.any(String),
    ]);
    expect(readFileSync(join('data/documents', String(wa![5])), 'utf8').split('\n')[Number(wa![6]) - 1]).toContain(
      String(wa![4]),
    );
  });

  it('writes the excel-id CSV with semicolons, decimal commas, a BOM and CRLF, giving the same numbers', async () => {
    const plain = await text(`/export/indicators.csv?${INDICATOR_QUESTION}`);
    const excel = await text(`/export/indicators.csv?${INDICATOR_QUESTION}&dialect=excel-id`);
    const bytes = Buffer.from(
      await (await get(`/export/indicators.csv?${INDICATOR_QUESTION}&dialect=excel-id`)).arrayBuffer(),
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toBe(
      indicatorExport.columns.map((column) => column.name).join(';'),
    );
    expect(excel.response.headers.get('link')).toBe(
      '</export/indicators.schema.json?dialect=excel-id>; rel="describedby"; type="application/schema+json"',
    );
    const plainRecords = parse(plain.body) as string[][];
    const excelRecords = parse(bytes, { delimiter: ';', bom: true, record_delimiter: '\r\n' }) as string[][];
    expect(excelRecords).toHaveLength(plainRecords.length);
    const fromComma = (value: string) => (value === '' ? null : Number(value.replace(',', '.')));
    const types = indicatorExport.columns.map((column) => column.type);
    excelRecords.slice(1).forEach((record, row) => {
      record.forEach((value, index) => {
        const original = plainRecords[row + 1]![index]!;
        if (types[index] === 'decimal') expect(fromComma(value)).toBe(original === '' ? null : Number(original));
        else expect(value).toBe(original);
      });
    });
    expect(excel.body).toContain(';77,0;');
    expect((await get('/export/indicators.csv?dialect=excel-us')).status).toBe(400);
    expect(await (await get('/export/indicators.csv?dialect=excel-us')).text()).toBe(
      'Bad parameter "dialect": expected one of default, excel-id; got "excel-us"\n',
    );
    expect((await get('/export/indicators.jsonl?dialect=excel-id')).status).toBe(400);
  });

  it('serves a Table Schema for every view that the CSV of each dialect validates against', async () => {
    for (const view of EXPORT_VIEWS) {
      for (const dialect of ['', 'excel-id']) {
        const suffix = dialect ? `?dialect=${dialect}` : '';
        const schema = (await (await get(`/export/${view.name}.schema.json${suffix}`)).json()) as TableSchema;
        expect(schema.fields.map((field) => field.name)).toEqual(view.columns.map((column) => column.name));
        const query =
          view === budgetExport ? 'regions=VI,XII&years=2021,2024' : view.parameters.length ? 'regions=VI,XII' : '';
        const csv = await get(`/export/${view.name}.csv?${query}${dialect ? `&dialect=${dialect}` : ''}`);
        expect(csv.headers.get('link')).toContain(`</export/${view.name}.schema.json${suffix}>`);
        const records = parse(Buffer.from(await csv.arrayBuffer()), {
          delimiter: schema.dialect.delimiter,
          bom: true,
        }) as string[][];
        expect(records.length, view.name).toBeGreaterThan(1);
        expect(violationsOf(schema, records[0]!, records.slice(1)), `${view.name} ${dialect}`).toEqual([]);
      }
    }
  });

  it('puts every budget level in one file with a level column, PROGRAM first, when no level is asked', async () => {
    const { body } = await text('/export/budget.csv?regions=VI&years=2021');
    const [header, ...records] = parse(body) as string[][];
    const level = header!.indexOf('level');
    const levels = records.map((record) => record[level]);
    expect([...new Set(levels)]).toEqual(['PROGRAM', 'KEGIATAN', 'KRO', 'RO']);
    expect(levels).toEqual(
      [...levels].sort(
        (a, b) => ['PROGRAM', 'KEGIATAN', 'KRO', 'RO'].indexOf(a!) - ['PROGRAM', 'KEGIATAN', 'KRO', 'RO'].indexOf(b!),
      ),
    );
    const ro = (await text('/export/budget.csv?level=RO&regions=VI&years=2021')).body;
    const roRecords = (parse(ro) as string[][]).slice(1);
    expect(records.filter((record) => record[level] === 'RO')).toEqual(roRecords);
    const codesAlone = await get('/export/budget.csv?codes=4843.EAA.003');
    expect(codesAlone.status).toBe(400);
    expect(await codesAlone.text()).toMatch(/^Bad parameter "codes": .*give level too/);
  });

  it('compresses large answers when asked, and only then', async () => {
    const url = `${cluster.gatewayUrl}/export/indicators.jsonl`;
    const gzip = await rawGet(url, { 'accept-encoding': 'gzip' });
    const plain = await rawGet(url, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(10_000);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.body.length).toBeLessThan(plain.body.length / 5);
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    const metrics = await rawGet(`${cluster.gatewayUrl}/health`, { 'accept-encoding': 'gzip' });
    expect(metrics.body.length).toBeGreaterThan(0);
  });

  it('lists each region × province in /export/regions.csv and filters every export by province', async () => {
    const { body } = await text('/export/regions.csv');
    const [header, ...records] = parse(body) as string[][];
    const at = (name: string) => header!.indexOf(name);
    const riau = records.filter((record) => record[at('province')] === 'Riau');
    expect(riau.map((record) => record[at('region_code')])).toEqual(['XII']);
    expect(new Set(records.map((record) => record[at('region_code')])).size).toBe(14);
    const { data } = await cluster.query('{ regions { code provinces { name } } }');
    expect(records).toHaveLength(data.regions.reduce((sum: number, region: any) => sum + region.provinces.length, 0));

    const indicators = parse(
      (await text('/export/indicators.csv?indicators=IKU-09&provinces=Riau&years=2024')).body,
    ) as string[][];
    expect(indicators.slice(1).map((record) => record[3])).toEqual(['XII']);
    const budget = parse((await text('/export/budget.csv?level=PROGRAM&provinces=Riau&years=2024')).body) as string[][];
    expect(new Set(budget.slice(1).map((record) => record[0]))).toEqual(new Set(['XII']));
    const unknown = await get('/export/staff.csv?provinces=Atlantis');
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(/^Bad parameter "provinces": .*Atlantis.*Riau/s);
  });

  // Last: it imports demo data into the cluster.
  it('answers a matching If-None-Match with 304 before any region is asked, until an import moves the data version', async () => {
    const path = `/export/indicators.csv?${INDICATOR_QUESTION}`;
    const first = await get(path);
    await first.text();
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"v-[\w-]+"$/);
    const requestId = `revalidate-${Date.now()}`;
    const revalidated = await get(path, { 'if-none-match': etag, 'x-request-id': requestId });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(etag);
    // One question to national, for the data version; no region and no comparison.
    expect(cluster.subgraphRequests(requestId)).toBe(1);
    // The same question again, without If-None-Match: the answer kept for this data version, no region asked.
    const repeatId = `repeat-${Date.now()}`;
    const repeated = await get(path, { 'x-request-id': repeatId });
    expect(await repeated.text()).toBe(await (await get(`${path}&dialect=default`)).text());
    expect(repeated.headers.get('etag')).toBe(etag);
    expect(cluster.subgraphRequests(repeatId)).toBe(1);
    expect((await get(`${path}&kinds=DOCUMENT`, { 'if-none-match': etag })).status).toBe(200);
    expect((await get(`${path}&dialect=excel-id`, { 'if-none-match': etag })).status).toBe(200);

    // Type stability: DuckDB's auto-detection gives the same types on the documents alone and with demo data.
    const before = {
      indicators: (await text('/export/indicators.csv')).body,
      budget: (await text('/export/budget.csv')).body,
    };
    const generated = mkdtempSync(join(tmpdir(), 'export-demo-'));
    expect(runGenerateCommand(['--seed', '7', '--out', generated], () => {})).toBe(0);
    const files = readdirSync(generated)
      .filter((name) => /^(VI|XII)-/.test(name))
      .map((name) => join(generated, name));
    await importFiles(database.handle, files, { schemaPrefix: database.schemaPrefix });

    const after = await get(path, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);

    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const detectedTypes = async (csv: string, name: string) => {
      const file = join(directory, name);
      writeFileSync(file, csv);
      const described = (await duck.runAndReadAll(`DESCRIBE SELECT * FROM read_csv('${file}')`)).getRowObjects();
      return Object.fromEntries(described.map((row) => [String(row.column_name), String(row.column_type)]));
    };
    const nonEmptyColumns = (csv: string) => {
      const [header, ...records] = parse(csv) as string[][];
      return header!.filter((_name, index) => records.some((record) => record[index] !== ''));
    };
    for (const view of ['indicators', 'budget'] as const) {
      const demo = (await text(`/export/${view}.csv`)).body;
      const documentTypes = await detectedTypes(before[view], `${view}-documents.csv`);
      const demoTypes = await detectedTypes(demo, `${view}-demo.csv`);
      // A column empty throughout one file carries no type to detect (VARCHAR); the schema gives it one.
      const comparable = nonEmptyColumns(before[view]).filter((name) => nonEmptyColumns(demo).includes(name));
      expect(comparable.length, view).toBeGreaterThan(8);
      for (const name of comparable) expect(`${name} ${documentTypes[name]}`).toBe(`${name} ${demoTypes[name]}`);
      if (view === 'indicators') expect(documentTypes.target).toBe('DOUBLE');

      const schema = (await (await get(`/export/${view}.schema.json`)).json()) as TableSchema;
      const duckType = { string: 'VARCHAR', integer: 'BIGINT', number: 'DOUBLE', date: 'DATE' };
      const types = `{${schema.fields.map((field) => `'${field.name}': '${duckType[field.type]}'`).join(', ')}}`;
      for (const [label, csv] of [
        ['documents', before[view]],
        ['demo', demo],
      ] as const) {
        const file = join(directory, `${view}-${label}.csv`);
        const described = (
          await duck.runAndReadAll(`DESCRIBE SELECT * FROM read_csv('${file}', types = ${types})`)
        ).getRowObjects();
        expect(
          described.map((row) => String(row.column_type)),
          `${view} ${label}`,
        ).toEqual(schema.fields.map((field) => duckType[field.type]));
        expect(csv.length).toBeGreaterThan(0);
      }
    }
    duck.closeSync();
  });
});
