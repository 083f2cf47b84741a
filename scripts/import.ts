/**
 * Imports plan and realisation files: validates every file first (reporting every problem with its
 * file, line and path), then writes each region-year in one transaction. A changed plan becomes a new
 * revision; an identical file changes nothing; a killed import leaves the previous state served.
 *   npm run import -- <file>… [--dry-run]        (npm run load is the same command)
 * DATABASE_URL: the PostgreSQL of the files' regions (schema region_<code>); NATIONAL_DATABASE_URL: the
 * national service's, when it is another database (default: DATABASE_URL). Unset, both are the embedded
 * PGlite of `npm start` (DATA_DIR, default .data/pglite; stop `npm start` first). SYNTHETIC_SHARDS=N lets
 * files name the N synthetic benchmark shards after XIV (README, configuration).
 */
import cliProgress from 'cli-progress';
import { openDatabase } from '../shared/database/database.ts';
import { readKnownRegions, type KnownRegions } from '../shared/regions/known-regions.ts';
import { ImportFileError, importFiles, type ImportResult } from './importing/import-files.ts';

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
const bar = process.stderr.isTTY && files.length > 3 ? new cliProgress.SingleBar({ format: 'importing [{bar}] {value}/{total} {file}', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;

// Fault injection for crash tests: hold each transaction open this long before committing.
const commitDelayMs = Number(process.env.IMPORT_COMMIT_DELAY_MS ?? 0) || undefined;
// Prefix of every schema name: isolates a copy of the data (tests, a staging load) in one database.
const schemaPrefix = process.env.SCHEMA_PREFIX ?? '';
const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR || '.data/pglite' });
const nationalDatabase = process.env.NATIONAL_DATABASE_URL ? await openDatabase({ databaseUrl: process.env.NATIONAL_DATABASE_URL }) : undefined;
let exitCode = 0;
try {
  const results = await importFiles(database, files, {
    dryRun,
    regions,
    nationalDatabase,
    commitDelayMs,
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
  const count = (outcome: string) => results.filter((result) => result.outcome === outcome).length;
  console.log(
    dryRun
      ? `dry run: ${results.length} files valid; nothing written`
      : `${results.length} files: ${count('created')} created, ${count('revised')} revised, ${count('replaced')} replaced, ${count('unchanged')} unchanged`,
  );
} catch (error) {
  bar?.stop();
  if (!(error instanceof ImportFileError)) throw error;
  console.error(error.message);
  exitCode = 1;
} finally {
  await database.close();
  await nationalDatabase?.close();
}
process.exit(exitCode);
