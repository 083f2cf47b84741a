import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../shared/database/database.ts';
import { importFiles } from '../../scripts/importing/import-files.ts';
import { PLAN_FILES } from '../support/graph-cluster.ts';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

function writeRevision(name: string, edit: (plan: any) => void): string {
  const plan = JSON.parse(readFileSync(`data/plans/${name}.plan.json`, 'utf8'));
  edit(plan);
  const path = join(mkdtempSync(join(tmpdir(), 'revision-')), `${name}.plan.json`);
  writeFileSync(path, JSON.stringify(plan, null, 2));
  return path;
}

/** Runs `npm run import` as its own process and SIGKILLs it once `killWhen` matches its output. */
function importAndKill(files: string[], env: Record<string, string>, killWhen: RegExp, delayAfterMatchMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...files], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let killing = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!killing && killWhen.test(output)) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), delayAfterMatchMs);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(output) : reject(new Error(`import ended by itself (${code}) before the kill:\n${output}`))));
  });
}

describe.each(TEST_ENGINES)('an import killed mid-run on %s', (engine) => {
  let database: TestDatabase | undefined;
  let pgliteDir: string | undefined;
  let handle: DatabaseHandle;
  let schemaPrefix = '';
  const table = (name: string) => sql.table(`${schemaPrefix}${name}`);

  beforeAll(async () => {
    if (engine === 'postgres') {
      database = await openTestDatabase('postgres');
      handle = database.handle;
      schemaPrefix = database.schemaPrefix;
    } else {
      // The importer is another process: PGlite must live in a data directory both can open, one at a time.
      pgliteDir = mkdtempSync(join(tmpdir(), 'pglite-'));
      handle = await openDatabase({ dataDir: pgliteDir });
    }
    await importFiles(handle, PLAN_FILES, { schemaPrefix });
    if (pgliteDir) await handle.close();
  });
  afterAll(async () => {
    await (database ? database.dispose() : handle?.close());
  });

  it('leaves the previous revision served and no partial rows', async () => {
    const viRevision = writeRevision('VI-2021', (plan) => (plan.indicatorTargets[0].target = 30));
    const xiiRevision = writeRevision('XII-2024', (plan) => (plan.indicatorTargets.find((indicator: any) => indicator.code === 'IKU.9').target = 90));
    const env: Record<string, string> = engine === 'postgres' ? { DATABASE_URL: process.env.TEST_DATABASE_URL!, SCHEMA_PREFIX: schemaPrefix } : { DATA_DIR: pgliteDir! };
    // Each transaction is held open 2 s: VI commits and is reported, then the kill lands inside XII's transaction.
    const output = await importAndKill([viRevision, xiiRevision], { ...env, IMPORT_COMMIT_DELAY_MS: '2000' }, /\[1\/2\] VI 2021 plan: revised/, 700);
    expect(output).not.toMatch(/\[2\/2\]/);

    if (pgliteDir) handle = await openDatabase({ dataDir: pgliteDir });
    const revisions = async (region: string, year: number) => {
      const { rows } = await sql<{ revision: number; is_current: boolean }>`
        select revision, is_current from ${table(`region_${region}.work_plan`)} where year = ${year} order by revision`.execute(handle.db);
      return rows;
    };
    expect(await revisions('vi', 2021)).toEqual([
      { revision: 1, is_current: false },
      { revision: 2, is_current: true },
    ]);
    expect(await revisions('xii', 2024)).toEqual([{ revision: 1, is_current: true }]);
    const { rows } = await sql<{ code: string; target: string }>`
      select t.code, t.target::text as target from ${table('region_xii.indicator_target')} t
      join ${table('region_xii.work_plan')} p on p.id = t.plan_id where p.year = 2024 and t.code = 'IKU.9'`.execute(handle.db);
    expect(rows).toEqual([{ code: 'IKU.9', target: '82' }]);
    const orphans = await sql<{ n: number }>`
      select count(*)::int as n from ${table('region_xii.indicator_target')} t
      where not exists (select 1 from ${table('region_xii.work_plan')} p where p.id = t.plan_id)`.execute(handle.db);
    expect(orphans.rows[0]!.n).toBe(0);
    const { rows: changes } = await sql<{ n: number }>`select count(*)::int as n from ${table('region_xii.plan_change')}`.execute(handle.db);
    expect(changes[0]!.n).toBe(0);
  });
});
