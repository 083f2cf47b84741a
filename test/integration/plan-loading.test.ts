import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlanFiles, PlanFileError } from '../../scripts/plan-loading/load-plan-files.ts';
import { PLAN_FILES } from '../support/graph-cluster.ts';
import { openTestDatabase, snapshotSchemas, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

function writeEditedPlan(name: string, edit: (plan: any) => void): string {
  const plan = JSON.parse(readFileSync(`data/plans/${name}.plan.json`, 'utf8'));
  edit(plan);
  const path = join(mkdtempSync(join(tmpdir(), 'plan-')), `${name}.plan.json`);
  writeFileSync(path, JSON.stringify(plan, null, 2));
  return path;
}

describe.each(TEST_ENGINES)('loading plan files into %s', (engine) => {
  let database: TestDatabase;
  const count = async (table: string) => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${database.schemaPrefix}${table}`)}`.execute(database.handle.db);
    return rows[0]!.n;
  };

  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database?.dispose());

  it('loads the documents: every indicator, budget line and allocation', async () => {
    const loaded = await loadPlanFiles(database.handle, PLAN_FILES, { schemaPrefix: database.schemaPrefix });
    expect(loaded.map((plan) => `${plan.region}-${plan.year}:${plan.outcome}`).sort()).toEqual(['VI-2021:created', 'XII-2023:created', 'XII-2024:created']);
    expect(await count('region_vi.indicator_target')).toBe(14);
    expect(await count('region_vi.budget_line')).toBe(75);
    expect(await count('region_vi.spending_split')).toBe(3);
    expect(await count('region_vi.staff_movement')).toBe(4);
    expect(await count('region_xii.indicator_target')).toBe(17);
    expect(await count('region_xii.budget_allocation')).toBe(5);
    expect(await count('national.indicator_code')).toBe(31);
    const { rows } = await sql<{ total: string }>`select sum(amount)::text as total from ${sql.table(`${database.schemaPrefix}region_vi.budget_line`)} where level = 'PROGRAM'`.execute(database.handle.db);
    expect(rows[0]!.total).toBe('12218328000');
  });

  it('leaves the same rows when the same files are loaded again', async () => {
    const before = await snapshotSchemas(database.handle, database.schemaPrefix);
    const loaded = await loadPlanFiles(database.handle, PLAN_FILES, { schemaPrefix: database.schemaPrefix });
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
    const error = await loadPlanFiles(database.handle, [changed, broken], { schemaPrefix: database.schemaPrefix }).catch((caught) => caught);
    expect(error).toBeInstanceOf(PlanFileError);
    expect(error.message).toMatch(/VI-2021\.plan\.json:\d+ budgetLines\[\d+\]\.amount: budget line "4848\.BDB\.005\.053"/);
    expect(await snapshotSchemas(database.handle, database.schemaPrefix)).toBe(before);
  });

  it('replaces a region-year whole when its plan changed', async () => {
    const changed = writeEditedPlan('XII-2024', (plan) => {
      plan.indicatorTargets.find((indicator: any) => indicator.code === 'IKU.9').target = 83;
    });
    const [loaded] = await loadPlanFiles(database.handle, [changed], { schemaPrefix: database.schemaPrefix });
    expect(loaded!.outcome).toBe('replaced');
    const { rows } = await sql<{ target: string }>`
      select t.target::text as target from ${sql.table(`${database.schemaPrefix}region_xii.indicator_target`)} t
      join ${sql.table(`${database.schemaPrefix}region_xii.work_plan`)} p on p.id = t.plan_id where p.year = 2024 and t.code = 'IKU.9'`.execute(database.handle.db);
    expect(rows).toEqual([{ target: '83' }]);
    expect(await count('region_xii.indicator_target')).toBe(17);
  });
});
