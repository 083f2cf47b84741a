import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFileError, importFiles } from '../../ingest/importing/import-files.ts';
import { PLAN_FILES } from '../support/graph-cluster.ts';
import {
  openTestDatabase,
  pgDump,
  snapshotSchemas,
  TEST_ENGINES,
  type TestDatabase,
} from '../support/test-database.ts';

function writeEditedPlan(name: string, edit: (plan: any) => void, as = name): string {
  const plan = JSON.parse(readFileSync(`data/plans/${name}.plan.json`, 'utf8'));
  edit(plan);
  const path = join(mkdtempSync(join(tmpdir(), 'plan-')), `${as}.plan.json`);
  writeFileSync(path, JSON.stringify(plan, null, 2));
  return path;
}

function writeRealisation(figures: { indicatorRealisations: unknown[]; budgetRealisations: unknown[] }): string {
  const file = {
    format: 'bkn-realisation/1',
    region: 'VI',
    year: 2021,
    kind: 'MANUAL',
    document: { file: 'test', title: 'test realisations' },
    flags: [],
    ...figures,
  };
  const path = join(mkdtempSync(join(tmpdir(), 'realisation-')), 'VI-2021.realisation.json');
  writeFileSync(path, JSON.stringify(file, null, 2));
  return path;
}

describe.each(TEST_ENGINES)('importing plan and realisation files into %s', (engine) => {
  let database: TestDatabase;
  const count = async (table: string) => {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(`${database.schemaPrefix}${table}`)}`.execute(database.handle.db);
    return rows[0]!.n;
  };

  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database?.dispose());

  it('loads the documents: every indicator, budget line and allocation', async () => {
    const loaded = await importFiles(database.handle, PLAN_FILES, { schemaPrefix: database.schemaPrefix });
    expect(loaded.map((plan) => `${plan.region}-${plan.year}:${plan.outcome}`).sort()).toEqual([
      'VI-2021:created',
      'XII-2023:created',
      'XII-2024:created',
    ]);
    expect(await count('region_vi.indicator_target')).toBe(14);
    expect(await count('region_vi.budget_line')).toBe(75);
    expect(await count('region_vi.spending_split')).toBe(3);
    expect(await count('region_vi.staff_movement')).toBe(4);
    expect(await count('region_xii.indicator_target')).toBe(17);
    expect(await count('region_xii.budget_allocation')).toBe(5);
    expect(await count('national.indicator_code')).toBe(31);
    const budgetLines = sql.table(`${database.schemaPrefix}region_vi.budget_line`);
    const { rows } = await sql<{
      total: string;
    }>`select sum(amount)::text as total from ${budgetLines} where level = 'PROGRAM'`.execute(database.handle.db);
    expect(rows[0]!.total).toBe('12218328000');
  });

  it('leaves the same rows when the same files are loaded again', async () => {
    const before = await snapshotSchemas(database.handle, database.schemaPrefix);
    const loaded = await importFiles(database.handle, PLAN_FILES, { schemaPrefix: database.schemaPrefix });
    expect(loaded.every((plan) => plan.outcome === 'unchanged')).toBe(true);
    expect(await snapshotSchemas(database.handle, database.schemaPrefix)).toBe(before);
  });

  it('refuses a plan whose budget lines do not add up, names the line, and leaves the database unchanged', async () => {
    const before = await snapshotSchemas(database.handle, database.schemaPrefix);
    const broken = writeEditedPlan('VI-2021', (plan) => {
      plan.budgetLines.find((line: any) => line.code === '4848.BDB.005.053.C').amount = 23920001;
    });
    // A valid, changed file in the same run must not be written either.
    const changed = writeEditedPlan('XII-2024', (plan) => {
      plan.totalBudget.amount = 14682611001;
    });
    const error = await importFiles(database.handle, [changed, broken], { schemaPrefix: database.schemaPrefix }).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(ImportFileError);
    expect(error.message).toMatch(
      /VI-2021\.plan\.json:\d+ budgetLines\[\d+\]\.amount: budget line "4848\.BDB\.005\.053"/,
    );
    expect(await snapshotSchemas(database.handle, database.schemaPrefix)).toBe(before);
  });

  it('imports a changed plan as a new revision and keeps the earlier one with what changed', async () => {
    const changed = writeEditedPlan('XII-2024', (plan) => {
      plan.indicatorTargets.find((indicator: any) => indicator.code === 'IKU.9').target = 83;
      plan.totalBudget.amount = 14682611000;
    });
    const [imported] = await importFiles(database.handle, [changed], { schemaPrefix: database.schemaPrefix });
    expect(imported).toMatchObject({ outcome: 'revised', revision: 2, changes: 1 });
    const targets = sql.table(`${database.schemaPrefix}region_xii.indicator_target`);
    const plans = sql.table(`${database.schemaPrefix}region_xii.work_plan`);
    const { rows } = await sql<{ revision: number; is_current: boolean; target: string }>`
      select p.revision, p.is_current, t.target::text as target from ${targets} t
      join ${plans} p on p.id = t.plan_id where p.year = 2024 and t.code = 'IKU.9' order by p.revision`.execute(
      database.handle.db,
    );
    expect(rows).toEqual([
      { revision: 1, is_current: false, target: '82' },
      { revision: 2, is_current: true, target: '83' },
    ]);
    const changes = await sql<{ item: string; field: string; before: unknown; after: unknown }>`
      select item, field, before, after from ${sql.table(`${database.schemaPrefix}region_xii.plan_change`)}`.execute(
      database.handle.db,
    );
    expect(changes.rows).toEqual([{ item: 'indicator IKU.9', field: 'target', before: 82, after: 83 }]);
    // The same revision again changes nothing.
    const [again] = await importFiles(database.handle, [changed], { schemaPrefix: database.schemaPrefix });
    expect(again).toMatchObject({ outcome: 'unchanged', revision: 2 });
  });

  it('imports realisations against the plan, and refuses codes the plan does not have', async () => {
    const realisation = writeRealisation({
      indicatorRealisations: [
        { code: '7.a', period: 'TW2', value: 74.5, source: { location: 'test TW II' }, flags: [] },
        { code: '7.a', period: 'YEAR', value: 78.1, source: { location: 'test full year' }, flags: [] },
      ],
      budgetRealisations: [
        { code: '4843.EAA.003', period: 'YEAR', amount: 3800000000, source: { location: 'test' }, flags: [] },
      ],
    });
    const [imported] = await importFiles(database.handle, [realisation], { schemaPrefix: database.schemaPrefix });
    expect(imported).toMatchObject({ kind: 'realisation', outcome: 'created' });
    expect(await count('region_vi.indicator_realisation')).toBe(2);
    expect(await count('region_vi.budget_realisation')).toBe(1);

    const before = await snapshotSchemas(database.handle, database.schemaPrefix);
    const unknownCode = writeRealisation({
      indicatorRealisations: [{ code: '9.z', period: 'YEAR', value: 1, source: { location: 'test' }, flags: [] }],
      budgetRealisations: [
        { code: '4843.EAA.999', period: 'YEAR', amount: 1, source: { location: 'test' }, flags: [] },
      ],
    });
    const error = await importFiles(database.handle, [unknownCode], { schemaPrefix: database.schemaPrefix }).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(ImportFileError);
    expect(error.problems).toEqual([
      expect.stringMatching(
        /VI-2021\.realisation\.json:\d+ indicatorRealisations\[0\]\.code: indicator "9\.z" is not in the VI 2021 plan/,
      ),
      expect.stringMatching(/budgetRealisations\[0\]\.code: budget line "4843\.EAA\.999" is not in the VI 2021 plan/),
    ]);
    expect(await snapshotSchemas(database.handle, database.schemaPrefix)).toBe(before);
  });

  it('refuses each kind of bad input, naming it, and leaves the database byte-for-byte unchanged', async () => {
    const before = await snapshotSchemas(database.handle, database.schemaPrefix);
    const dumpBefore = pgDump(engine, database.schemaPrefix);
    const files = [
      writeEditedPlan(
        'VI-2021',
        (plan) => (plan.budgetLines.find((line: any) => line.code === '4842.EAF.004').amount = 135000001),
      ),
      writeEditedPlan('XII-2024', (plan) => (plan.indicatorTargets[3].code = 'IKU.3')),
      writeEditedPlan('XII-2023', (plan) => (plan.region = 'XV')),
      writeEditedPlan('VI-2021', (plan) => (plan.year = 1899), 'VI-1899'),
      writeEditedPlan(
        'VI-2021',
        (plan) => {
          plan.year = 2022;
          plan.spendingSplit[0].amount = -6346733000;
        },
        'VI-2022',
      ),
      writeEditedPlan(
        'VI-2021',
        (plan) => {
          plan.year = 2023;
          plan.budgetLines[0].amount = 1300000000.5;
        },
        'VI-2023',
      ),
      writeEditedPlan(
        'VI-2021',
        (plan) => {
          plan.year = 2024;
          plan.totalBudget.amount = '12.218.328.000';
        },
        'VI-2024',
      ),
    ];
    const error = await importFiles(database.handle, files, { schemaPrefix: database.schemaPrefix }).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(ImportFileError);
    const report = error.message as string;
    expect(report).toMatch(/budget line "4842\.EAF" .* children add up to/);
    expect(report).toContain('duplicate indicator code "IKU.3"');
    expect(report).toContain('unknown region "XV"');
    expect(report).toContain('year 1899 is out of range');
    expect(report).toMatch(/VI-2022\.plan\.json:\d+ spendingSplit\[0\]\.amount: must not be negative/);
    expect(report).toMatch(/VI-2023\.plan\.json:\d+ budgetLines\[0\]\.amount: must be a whole number of Rupiah/);
    expect(report).toMatch(/VI-2024\.plan\.json:\d+ totalBudget\.amount: .*expected number/i);
    expect(await snapshotSchemas(database.handle, database.schemaPrefix)).toBe(before);
    if (dumpBefore !== undefined) {
      expect(dumpBefore).toContain('COPY');
      expect(pgDump(engine, database.schemaPrefix)).toBe(dumpBefore);
    }
  });

  it('checks everything and writes nothing in a dry run', async () => {
    const before = await snapshotSchemas(database.handle, database.schemaPrefix);
    const changed = writeEditedPlan('VI-2021', (plan) => (plan.indicatorTargets[0].target = 26));
    const results = await importFiles(database.handle, [changed], {
      schemaPrefix: database.schemaPrefix,
      dryRun: true,
    });
    expect(results).toEqual([expect.objectContaining({ outcome: 'checked', region: 'VI', year: 2021 })]);
    expect(await snapshotSchemas(database.handle, database.schemaPrefix)).toBe(before);
  });
});
