import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFileError, importFiles } from '../../ingest/importing/import-files.ts';
import { runImportCommand } from '../../ingest/importing/run-import-command.ts';
import { MAX_FILE_BYTES } from '../../shared/plan-file/database-limits.ts';
import { PLAN_FILES } from '../support/graph-cluster.ts';
import {
  openTestDatabase,
  pgDump,
  snapshotSchemas,
  TEST_ENGINES,
  type TestDatabase,
} from '../support/test-database.ts';

/** A data/plans file, edited, written under `name`; with its text, to find the line a problem must name. */
function writePlan(
  source: string,
  edit: (plan: any) => void,
  name: string,
): { path: string; lineOf: (needle: string) => number } {
  const plan = JSON.parse(readFileSync(`data/plans/${source}.plan.json`, 'utf8'));
  edit(plan);
  const text = JSON.stringify(plan, null, 2);
  const path = join(mkdtempSync(join(tmpdir(), 'limits-')), name);
  writeFileSync(path, text);
  return {
    path,
    lineOf(needle) {
      const index = text.indexOf(needle);
      if (index < 0) throw new Error(`${needle} is not in ${name}`);
      return text.slice(0, index).split('\n').length;
    },
  };
}

/**
 * `npm run import` with `files`, in-process: scripts/import.ts only hands runImportCommand its arguments and
 * environment (import-interrupted.test.ts runs the script itself, to kill it). What it prints, as lines.
 */
async function runImportCli(
  files: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runImportCommand(files, env, {
    print: (line) => stdout.push(line),
    printError: (line) => stderr.push(line),
  });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

const withoutSequences = (snapshot: string) => ({ ...JSON.parse(snapshot), sequences: undefined });

const refusal = (error: unknown) => {
  expect(error).toBeInstanceOf(ImportFileError);
  return (error as ImportFileError).problems;
};

describe.each(TEST_ENGINES)('what an import refuses before writing anything, on %s', (engine) => {
  let database: TestDatabase;
  let schemaPrefix: string;
  const importInto = (paths: string[], options: Parameters<typeof importFiles>[2] = {}) =>
    importFiles(database.handle, paths, { schemaPrefix, ...options });

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    schemaPrefix = database.schemaPrefix;
    await importInto(PLAN_FILES);
  });
  afterAll(() => database?.dispose());

  it('refuses a target of 1e308 (a NUMERIC column would take it; no plan states it)', async () => {
    const file = writePlan('VI-2021', (plan) => (plan.indicatorTargets[0].target = 1e308), 'VI-2021.plan.json');
    const problems = refusal(await importInto([file.path]).catch((caught) => caught));
    expect(problems).toEqual([
      `VI-2021.plan.json:${file.lineOf('1e+308')} indicatorTargets[0].target: ` +
        'must be between -1e+12 and 1e+12 (no plan states a larger figure)',
    ]);
  });

  it('refuses a staff count of 3,000,000,000, beyond the INTEGER column', async () => {
    const file = writePlan('VI-2021', (plan) => (plan.staff.headcounts[0].count = 3_000_000_000), 'VI-2021.plan.json');
    const problems = refusal(await importInto([file.path]).catch((caught) => caught));
    expect(problems).toEqual([
      `VI-2021.plan.json:${file.lineOf('3000000000')} staff.headcounts[0].count: ` +
        'must be at most 2147483647 (an INTEGER column)',
    ]);
  });

  it('refuses a 50 MB file by its size, without reading it', async () => {
    // A valid plan followed by 50 MB of NUL bytes (a sparse file, nothing written): read, it would not parse,
    // and the refusal would name that; refused by its size alone, the size is the only problem.
    const size = 50 * 1024 * 1024;
    const file = writePlan('VI-2021', () => {}, 'VI-2021.plan.json');
    truncateSync(file.path, size);
    const problems = refusal(await importInto([file.path]).catch((caught) => caught));
    expect(problems).toEqual([
      `VI-2021.plan.json: the file has ${size} bytes, more than the ${MAX_FILE_BYTES} a plan or realisation file ` +
        'may have; not read',
    ]);
  });

  it('refuses a long title and an over-long text under the file cap, each at its line', async () => {
    const file = writePlan(
      'VI-2021',
      (plan) => {
        plan.document.title = 'T'.repeat(301);
        plan.budgetLines[2].name = 'N'.repeat(2001);
      },
      'VI-2021.plan.json',
    );
    const problems = refusal(await importInto([file.path]).catch((caught) => caught));
    expect(problems).toEqual([
      `VI-2021.plan.json:${file.lineOf('TTT')} document.title: must be at most 300 characters`,
      `VI-2021.plan.json:${file.lineOf('NNN')} budgetLines[2].name: text must be at most 2000 characters; got 2001`,
    ]);
  });

  it('refuses a name holding U+0000', async () => {
    const file = writePlan(
      'XII-2024',
      (plan) => (plan.indicatorTargets[1].name = 'Indeks\u0000Profesionalitas'),
      'XII-2024.plan.json',
    );
    const problems = refusal(await importInto([file.path]).catch((caught) => caught));
    expect(problems).toEqual([
      expect.stringContaining(
        `XII-2024.plan.json:${file.lineOf('Indeks\\u0000')} indicatorTargets[1].name: ` +
          'text must not contain control characters',
      ),
    ]);
  });

  it('refuses a file named VI-2022 whose content is XII 2024', async () => {
    const file = writePlan('XII-2024', () => undefined, 'VI-2022.plan.json');
    const problems = refusal(await importInto([file.path]).catch((caught) => caught));
    expect(problems).toEqual([
      `VI-2022.plan.json:${file.lineOf('"region"')} region: the file's name says VI 2022, its content XII 2024`,
    ]);
    // A name that names no region-year says nothing about the content.
    const unnamed = writePlan('XII-2024', () => undefined, 'pekanbaru-renja.plan.json');
    expect(await importInto([unnamed.path], { dryRun: true })).toEqual([
      expect.objectContaining({ region: 'XII', year: 2024, outcome: 'checked' }),
    ]);
  });

  it('commits nothing of a batch whose second file is bad: a valid file then an invalid one', async () => {
    const before = await snapshotSchemas(database.handle, schemaPrefix);
    const dumpBefore = pgDump(engine, schemaPrefix);
    const valid = writePlan('XII-2024', (plan) => (plan.indicatorTargets[0].target = 99), 'XII-2024.plan.json');
    const invalid = writePlan(
      'VI-2021',
      (plan) => (plan.staff.headcounts[0].count = 3_000_000_000),
      'VI-2021.plan.json',
    );
    const problems = refusal(await importInto([valid.path, invalid.path]).catch((caught) => caught));
    expect(problems).toEqual([
      expect.stringMatching(/^VI-2021\.plan\.json:\d+ staff\.headcounts\[0\]\.count: must be at most 2147483647/),
    ]);
    expect(await snapshotSchemas(database.handle, schemaPrefix)).toBe(before);
    if (dumpBefore !== undefined) expect(pgDump(engine, schemaPrefix)).toBe(dumpBefore);
  });

  it('commits nothing of a batch that fails while writing: one transaction for the database', async () => {
    const before = await snapshotSchemas(database.handle, schemaPrefix);
    const first = writePlan('XII-2024', (plan) => (plan.indicatorTargets[0].target = 98), 'XII-2024.plan.json');
    const second = writePlan('VI-2021', (plan) => (plan.indicatorTargets[0].target = 31), 'VI-2021.plan.json');
    const written: string[] = [];
    const error = await importInto([first.path, second.path], {
      onProgress: (result) => written.push(`${result.region} ${result.outcome}`),
      atStep: (step) => {
        if (step === 'before-commit') throw new Error('the connection dropped');
      },
    }).catch((caught) => caught);
    expect(error).toEqual(new Error('the connection dropped'));
    // Both region-years and the national writes were made, then rolled back together. (Every row is as it
    // was; PostgreSQL's sequences, which no rollback moves back, are left out of this comparison.)
    expect(written).toEqual(['XII revised', 'VI revised']);
    expect(withoutSequences(await snapshotSchemas(database.handle, schemaPrefix))).toEqual(withoutSequences(before));
  });
});

describe('the import CLI on refused and failed imports', () => {
  /** The test's own handle on the command's database, to look at it: on PostgreSQL only. */
  let database: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    if (TEST_ENGINES.includes('postgres')) {
      database = await openTestDatabase('postgres');
      env = { DATABASE_URL: process.env.TEST_DATABASE_URL!, SCHEMA_PREFIX: database.schemaPrefix };
    } else {
      // The command opens its own PGlite in a directory, as `npm run import` does; the test needs none of its own.
      env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'pglite-cli-')) };
    }
  });
  afterAll(() => database?.dispose());

  it('exits 1 naming the bad file and line, with no stack trace and nothing committed', async () => {
    const valid = writePlan('XII-2024', () => undefined, 'XII-2024.plan.json');
    const invalid = writePlan(
      'VI-2021',
      (plan) => (plan.staff.headcounts[0].count = 3_000_000_000),
      'VI-2021.plan.json',
    );
    const run = await runImportCli([valid.path, invalid.path], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `1 problem in the files; nothing was imported:\n  VI-2021.plan.json:${invalid.lineOf('3000000000')} ` +
        'staff.headcounts[0].count: must be at most 2147483647',
    );
    expect(run.stderr + run.stdout).not.toMatch(/^\s+at /m);
    expect(run.stdout).not.toContain('committed');
    if (env.DATABASE_URL) {
      const { rows } =
        await sql`select nspname from pg_namespace where nspname like ${`${database.schemaPrefix}%`}`.execute(
          database.handle.db,
        );
      // Refused before any schema was even created.
      expect(rows).toEqual([]);
    }
  });

  it.runIf(TEST_ENGINES.includes('postgres'))(
    'names the committed region-years when national, in another database, fails after the regions committed',
    async () => {
      const national = sql.table(`${database.schemaPrefix}national.imported_content`);
      const prepared = await runImportCli(['data/plans/XII-2023.plan.json'], env);
      expect(prepared.code, prepared.stderr).toBe(0);
      // A real failure of the national transaction, after the regional one committed: a trigger that refuses the write.
      const refuseImport = sql.id(`${database.schemaPrefix}national`, 'refuse_import');
      await sql`create function ${refuseImport}() returns trigger language plpgsql as $$
      begin raise exception 'national is read-only for maintenance'; end $$`.execute(database.handle.db);
      await sql`create trigger refuse_import before insert or update on ${national}
      for each row execute function ${refuseImport}()`.execute(database.handle.db);
      const twoDatabases = { ...env, NATIONAL_DATABASE_URL: `${env.DATABASE_URL}?application_name=bkn-national` };
      const plans = ['data/plans/VI-2021.plan.json', 'data/plans/XII-2024.plan.json'];
      const failed = await runImportCli(plans, twoDatabases);
      expect(failed.code).toBe(1);
      expect(failed.stderr.trim()).toMatch(
        new RegExp(
          '^committed to the regional database: VI 2021 plan, XII 2024 plan; NOT written: ' +
            String.raw`the national plan registry and data version \(.*national is read-only for maintenance.*\)\. ` +
            String.raw`Run the same import again to finish it\.$`,
        ),
      );
      expect(failed.stderr + failed.stdout).not.toMatch(/^\s+at /m);
      // What it says is what the databases hold: VI's plan is stored, national has not heard of it.
      const table = (name: string) => sql.table(`${database.schemaPrefix}${name}`);
      const { rows: stored } = await sql<{
        n: number;
      }>`select count(*)::int as n from ${table('region_vi.work_plan')} where year = 2021`.execute(database.handle.db);
      const { rows: registered } = await sql<{
        n: number;
      }>`select count(*)::int as n from ${table('national.plan_registry')} where region_code = 'VI'`.execute(
        database.handle.db,
      );
      expect([stored[0]!.n, registered[0]!.n]).toEqual([1, 0]);

      await sql`drop trigger refuse_import on ${national}`.execute(database.handle.db);
      const finished = await runImportCli(plans, twoDatabases);
      expect(finished.code, finished.stderr).toBe(0);
      expect(finished.stdout).toContain(
        '(VI 2021 plan, XII 2024 plan: stored before, by a run that did not finish; ' +
          'registry and data version now updated)',
      );
    },
  );

  it('exits 1 with one line, no stack trace, when the database cannot be reached', async () => {
    const valid = writePlan('XII-2024', () => undefined, 'XII-2024.plan.json');
    const run = await runImportCli([valid.path], {
      DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none',
      SCHEMA_PREFIX: 'unused_',
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^import failed, nothing committed: The service cannot reach its database\b/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
