import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetExport } from '../../gateway/export/budget-export.ts';
import { column } from '../../gateway/export/export-column.ts';
import { EXPORT_VIEWS } from '../../gateway/export/export-views.ts';
import { encodeTsv } from '../../gateway/export/tab-separated-values.ts';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** A TSV file as a reader of linear TSV takes it apart: lines, tabs, then the backslash escapes undone. */
function readTsv(text: string): string[][] {
  expect(text.endsWith('\n')).toBe(true);
  const unescapeField = (field: string) =>
    field.replace(/\\([\\tnr])/g, (_match, letter: string) => ({ '\\': '\\', t: '\t', n: '\n', r: '\r' })[letter]!);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => line.split('\t').map(unescapeField));
}

describe('the TSV encoding', () => {
  const table = {
    columns: [
      column<never>('note', 'text', 'a text', () => null),
      column<never>('target', 'decimal', 'a decimal', () => null),
      column<never>('amount_rupiah', 'rupiah', 'an amount', () => null),
    ],
    records: [
      ['two\tcells?\nno, one', 77, 1_300_000_000],
      ['C:\\data', 0.106398, -1_000_000],
      ['=HYPERLINK("http://attacker.example")', null, null],
      ['\t=1+2', 2.5, 0],
    ],
  };

  it('keeps every record on one line, escaping tabs, line breaks and backslashes, so that it reads back whole', () => {
    const text = encodeTsv(table);
    expect(text.split('\n')).toHaveLength(table.records.length + 2);
    expect(text.split('\n')[1]).toBe('two\\tcells?\\nno, one\t77.0\t1300000000');
    expect(readTsv(text).slice(0, 3)).toEqual([
      ['note', 'target', 'amount_rupiah'],
      ['two\tcells?\nno, one', '77.0', '1300000000'],
      ['C:\\data', '0.106398', '-1000000'],
    ]);
  });

  it('writes text that starts like a formula with a leading quote, as the CSV does, and null as an empty field', () => {
    const [, , , formula, tabbed] = readTsv(encodeTsv(table));
    expect(formula).toEqual(['\'=HYPERLINK("http://attacker.example")', '', '']);
    expect(tabbed).toEqual(["'\t=1+2", '2.5', '0']);
  });
});

describe('TSV exports over GET, from a gateway and two regional services', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI', 'XII']);
  });
  afterAll(async () => {
    await cluster?.stop();
    await database?.dispose();
  });

  const get = (path: string) => fetch(`${cluster.gatewayUrl}${path}`);
  const questionOf = (view: (typeof EXPORT_VIEWS)[number]) =>
    view === budgetExport ? '?regions=VI,XII&years=2021,2024' : view.parameters.length ? '?regions=VI,XII' : '';

  it('serves every view as .tsv with the CSV’s header, rows and fields', async () => {
    for (const view of EXPORT_VIEWS) {
      const tsv = await get(`/export/${view.name}.tsv${questionOf(view)}`);
      const body = await tsv.text();
      expect(tsv.status, body).toBe(200);
      expect(tsv.headers.get('content-type')).toBe('text/tab-separated-values; charset=utf-8');
      expect(tsv.headers.get('content-disposition')).toBe(`inline; filename="${view.name}.tsv"`);
      expect(tsv.headers.get('etag')).toMatch(/^"v-[\w-]+"$/);
      const csv = parse(await (await get(`/export/${view.name}.csv${questionOf(view)}`)).text()) as string[][];
      const records = readTsv(body);
      expect(records[0], view.name).toEqual(view.columns.map((spec) => spec.name));
      expect(records.length, view.name).toBeGreaterThan(1);
      expect(records, view.name).toEqual(csv);
    }
  });

  it('refuses a dialect, which only the CSV has, and lists .tsv among the exports', async () => {
    const dialect = await get('/export/indicators.tsv?dialect=excel-id');
    expect(dialect.status).toBe(400);
    expect(await dialect.text()).toBe('Bad parameter "dialect": only the .csv exports have dialects; this is .tsv\n');
    const unknown = await get('/export/indicators.tab');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('/export/indicators.tsv');
  });
});
