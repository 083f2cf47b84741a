/**
 * Imports plan and realisation files: validates every file and every database limit first (reporting every
 * problem with its file, line and path), then writes the whole batch in one transaction per database. A
 * changed plan becomes a new revision; an identical file changes nothing; running a killed or failed import
 * again finishes it. Exit 0: all written; 1: refused or failed (the output says what, if anything, was committed).
 * IMPORT_PAUSE_AT=<step> (test-only; steps in ingest/importing/import-files.ts) pauses at that step of the write path
 * and prints "import paused at <step>", so that a crash test can SIGKILL it exactly there.
 *   npm run import -- <file>… [--dry-run]        (npm run load is the same command)
 * DATABASE_URL: the PostgreSQL of the files' regions (schema region_<code>); NATIONAL_DATABASE_URL: the
 * national service's, when it is another database (default: DATABASE_URL). Unset, both are the embedded
 * PGlite of `npm start` (DATA_DIR, default .data/pglite; stop `npm start` first). SYNTHETIC_SHARDS=N lets
 * files name the N synthetic benchmark shards after XIV (README, configuration).
 */
import cliProgress from 'cli-progress';
import { openDatabase } from '../shared/database/database.ts';
import { readKnownRegions, type KnownRegions } from '../shared/regions/known-regions.ts';
import {
  IMPORT_STEPS,
  ImportFileError,
  importFiles,
  PartialImportError,
  type ImportResult,
  type ImportStep,
} from '../ingest/importing/import-files.ts';

const args = process.argv.slice(2);
let regions: KnownRegions;
try {
  regions = readKnownRegions(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const dryRun = args.includes('--dry-run') || args.includes('--check');
const files = args.filter((arg) => !arg.startsWith('--'));
if (files.length === 0) {
  console.error('usage: npm run import -- <plan or realisation file>… [--dry-run]');
  process.exit(2);
}

const describe = (result: ImportResult) =>
  `${result.region} ${result.year} ${result.kind}: ${result.outcome}${result.revision ? ` (revision ${result.revision}${result.changes ? `, ${result.changes} changes` : ''})` : ''} ← ${result.file}`;

// A bar for many files on a terminal; plain lines otherwise (CI logs, pipes, tests).
const bar =
  process.stderr.isTTY && files.length > 3
    ? new cliProgress.SingleBar(
        { format: 'importing [{bar}] {value}/{total} {file}', stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : null;

// Test-only (crash tests): IMPORT_PAUSE_AT=<step> prints "import paused at <step>" there and waits 10 minutes, to be killed.
const pauseAt = process.env.IMPORT_PAUSE_AT as ImportStep | undefined;
if (pauseAt && !IMPORT_STEPS.includes(pauseAt)) {
  console.error(`IMPORT_PAUSE_AT must be one of ${IMPORT_STEPS.join(', ')}; got "${pauseAt}"`);
  process.exit(2);
}
// Prefix of every schema name: isolates a copy of the data (tests, a staging load) in one database.
const schemaPrefix = process.env.SCHEMA_PREFIX ?? '';
let exitCode = 0;
let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
let nationalDatabase: typeof database;
try {
  database = await openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: process.env.DATA_DIR || '.data/pglite',
  });
  const nationalUrl = process.env.NATIONAL_DATABASE_URL;
  nationalDatabase =
    nationalUrl && nationalUrl !== process.env.DATABASE_URL
      ? await openDatabase({ databaseUrl: nationalUrl })
      : undefined;
  const results = await importFiles(database, files, {
    dryRun,
    regions,
    nationalDatabase,
    async atStep(step) {
      if (step !== pauseAt) return;
      console.log(`import paused at ${step}`);
      await new Promise((resolve) => setTimeout(resolve, 600_000));
    },
    schemaPrefix,
    onProgress(result, index, total) {
      if (bar) {
        if (index === 0) bar.start(total, 0, { file: '' });
        bar.update(index + 1, { file: result.file });
      } else {
        console.log(`[${index + 1}/${total}] ${describe(result)}`);
      }
    },
  });
  bar?.stop();
  const repaired = results
    .filter((result) => result.repaired)
    .map((result) => `${result.region} ${result.year} ${result.kind}`);
  const count = (outcome: string) => results.filter((result) => result.outcome === outcome).length;
  console.log(
    dryRun
      ? `dry run: ${results.length} files valid; nothing written`
      : `${results.length} files committed: ${count('created')} created, ${count('revised')} revised, ${count('replaced')} replaced, ${count('unchanged')} unchanged` +
          (repaired.length
            ? ` (${repaired.join(', ')}: stored before, by a run that did not finish; registry and data version now updated)`
            : ''),
  );
} catch (error) {
  bar?.stop();
  exitCode = 1;
  if (error instanceof ImportFileError || error instanceof PartialImportError) console.error(error.message);
  // Anything else failed inside the transaction (or before it): nothing of the files was committed.
  else console.error(`import failed, nothing committed: ${(error as Error)?.message ?? String(error)}`);
} finally {
  await database?.close().catch(() => undefined);
  await nationalDatabase?.close().catch(() => undefined);
}
process.exit(exitCode);
