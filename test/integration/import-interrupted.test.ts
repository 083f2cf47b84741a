import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../shared/database/database.ts';
import { IMPORT_STEPS, importFiles, PartialImportError, type ImportStep } from '../../ingest/importing/import-files.ts';
import { PLAN_FILES } from '../support/graph-cluster.ts';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

/**
 * An import killed (SIGKILL, for real, in its own process) at each step of its write path, then run again:
 * the served figures, the revision, the plan registry and the national data version all end up reflecting
 * the file. IMPORT_PAUSE_AT (scripts/import.ts) makes the importer print "import paused at <step>" there.
 */

function writeRevision(step: string, target: number): string {
  const plan = JSON.parse(readFileSync('data/plans/VI-2021.plan.json', 'utf8'));
  plan.indicatorTargets[0].target = target;
  // The registry keeps the document file: a registry that lags shows it.
  plan.document.file = `revision-${step}.txt`;
  const path = join(mkdtempSync(join(tmpdir(), 'revision-')), 'VI-2021.plan.json');
  writeFileSync(path, JSON.stringify(plan, null, 2));
  return path;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs `npm run import` as its own process; SIGKILLs it when it prints `killAt`, if given. */
function runImport(files: string[], env: Record<string, string>, killAt?: ImportStep): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...files], {
      env: { ...process.env, ...env, ...(killAt ? { IMPORT_PAUSE_AT: killAt } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (killAt && output.includes(`import paused at ${killAt}`)) child.kill('SIGKILL');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
}

type Topology = { engine: 'pglite' | 'postgres'; databases: 'one database' | 'two databases' };
const TOPOLOGIES: Topology[] = TEST_ENGINES.flatMap((engine): Topology[] =>
  engine === 'postgres'
    ? [
        { engine, databases: 'one database' },
        { engine, databases: 'two databases' },
      ]
    : [{ engine, databases: 'one database' }],
);
// Another connection string to the same PostgreSQL: the importer opens it as a database of its own, with its own
// transaction.
const nationalUrl = () => {
  const url = process.env.TEST_DATABASE_URL!;
  return `${url}${url.includes('?') ? '&' : '?'}application_name=bkn-national`;
};

describe.each(TOPOLOGIES)(
  'an import killed at each step, then run again ($engine, $databases)',
  ({ engine, databases }) => {
    let database: TestDatabase | undefined;
    let pgliteDir: string | undefined;
    let handle: DatabaseHandle;
    let schemaPrefix = '';
    let env: Record<string, string>;
    const table = (name: string) => sql.table(`${schemaPrefix}${name}`);

    /** What a client is served for VI 2021 and what the cache keys on. */
    async function state() {
      const { rows: plan } = await sql<{ revision: number; target: string }>`
      select p.revision, t.target::text as target from ${table('region_vi.work_plan')} p
      join ${table('region_vi.indicator_target')} t on t.plan_id = p.id
      where p.year = 2021 and p.is_current and t.position = 0`.execute(handle.db);
      const { rows: registry } = await sql<{ document_file: string }>`
      select document_file from ${table('national.plan_registry')} where region_code = 'VI' and year = 2021`.execute(
        handle.db,
      );
      const { rows: version } = await sql<{
        version: string;
      }>`select version::text from ${table('national.data_version')}`.execute(handle.db);
      return {
        revision: plan[0]!.revision,
        target: Number(plan[0]!.target),
        document: registry[0]!.document_file,
        version: Number(version[0]!.version),
      };
    }
    /** PGlite is one process's at a time: the test lets go of it while the importer runs. */
    const release = async () => {
      if (pgliteDir) await handle.close();
    };
    const reopen = async () => {
      if (pgliteDir) handle = await openDatabase({ dataDir: pgliteDir });
    };

    beforeAll(async () => {
      if (engine === 'postgres') {
        database = await openTestDatabase('postgres');
        handle = database.handle;
        schemaPrefix = database.schemaPrefix;
        env = {
          DATABASE_URL: process.env.TEST_DATABASE_URL!,
          SCHEMA_PREFIX: schemaPrefix,
          ...(databases === 'two databases' ? { NATIONAL_DATABASE_URL: nationalUrl() } : {}),
        };
      } else {
        pgliteDir = mkdtempSync(join(tmpdir(), 'pglite-'));
        handle = await openDatabase({ dataDir: pgliteDir });
        env = { DATA_DIR: pgliteDir };
      }
      await importFiles(handle, PLAN_FILES, { schemaPrefix });
    });
    afterAll(async () => {
      await (database ? database.dispose() : handle?.close());
    });

    it.each(IMPORT_STEPS.map((step, index) => ({ step, target: 40 + index })))(
      'converges after a kill at $step',
      async ({ step, target }) => {
        const before = await state();
        const file = writeRevision(step, target);
        await release();
        const killed = await runImport([file], env, step);
        expect(killed.signal, killed.output).toBe('SIGKILL');
        await reopen();

        const afterKill = await state();
        if (databases === 'two databases') {
          // The regional rows were committed before the national transaction began; nothing national was:
          // the figures are new, the registry and the data version lag (what a re-run must repair).
          expect(afterKill).toEqual({ ...before, revision: before.revision + 1, target });
        } else {
          // One database, one transaction: nothing of the file is there.
          expect(afterKill).toEqual(before);
        }

        await release();
        const rerun = await runImport([file], env);
        expect(rerun.code, rerun.output).toBe(0);
        expect(rerun.output).toContain('1 files committed');
        // On two databases the re-run finds the plan stored and says that it brought the national side up to date.
        expect(rerun.output.includes('VI 2021 plan: stored before, by a run that did not finish')).toBe(
          databases === 'two databases',
        );
        await reopen();
        const converged = await state();
        expect(converged).toEqual({
          revision: before.revision + 1,
          target,
          document: `revision-${step}.txt`,
          version: before.version + 1,
        });

        // And once converged, the same file again changes nothing, not even the data version.
        const [again] = await importFiles(handle, [file], { schemaPrefix });
        expect(again).toMatchObject({ outcome: 'unchanged', revision: before.revision + 1 });
        expect(await state()).toEqual(converged);
      },
      180_000,
    ); // two importer processes, each starting tsx (and PGlite): near a minute on a loaded machine

    it.runIf(databases === 'two databases')(
      'names what was committed when the national writes fail, and a re-run finishes',
      async () => {
        const before = await state();
        const file = writeRevision('national-fails', 50);
        const national = await openDatabase({ databaseUrl: nationalUrl() });
        const error = await importFiles(handle, [file], {
          schemaPrefix,
          nationalDatabase: national,
          atStep: async (step) => {
            if (step === 'after-plan') await national.close();
          },
        }).catch((caught) => caught);
        expect(error).toBeInstanceOf(PartialImportError);
        expect(error.committed).toEqual(['VI 2021 plan']);
        expect(error.message).toMatch(
          new RegExp(
            '^committed to the regional database: VI 2021 plan; NOT written: ' +
              'the national plan registry and data version .*Run the same import again',
          ),
        );
        expect(await state()).toEqual({ ...before, revision: before.revision + 1, target: 50 });

        const again = await openDatabase({ databaseUrl: nationalUrl() });
        try {
          const [finished] = await importFiles(handle, [file], { schemaPrefix, nationalDatabase: again });
          expect(finished).toMatchObject({ outcome: 'unchanged' });
        } finally {
          await again.close();
        }
        expect(await state()).toEqual({
          revision: before.revision + 1,
          target: 50,
          document: 'revision-national-fails.txt',
          version: before.version + 1,
        });
      },
    );
  },
);
