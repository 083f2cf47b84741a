import cliProgress from 'cli-progress';
import { openDatabase } from '../../shared/database/database.ts';
import { type KnownRegions, readKnownRegions } from '../../shared/regions/known-regions.ts';
import {
  IMPORT_STEPS,
  ImportFileError,
  type ImportResult,
  type ImportStep,
  importFiles,
  PartialImportError,
} from './import-files.ts';

export const USAGE = 'usage: npm run import -- <plan or realisation file>… [--dry-run]';

type DatabaseHandle = Awaited<ReturnType<typeof openDatabase>>;

/** Where the command writes: lines for the log, and the terminal a progress bar may draw on (absent in pipes). */
export interface ImportCommandOutput {
  print: (line: string) => void;
  printError: (line: string) => void;
  terminal?: NodeJS.WriteStream;
}

class UsageError extends Error {}

const describe = (result: ImportResult) => {
  const changes = result.changes ? `, ${result.changes} changes` : '';
  const revision = result.revision ? ` (revision ${result.revision}${changes})` : '';
  return `${result.region} ${result.year} ${result.kind}: ${result.outcome}${revision} ← ${result.file}`;
};

/** The one line that ends a run: what was written (or, for a dry run, that nothing was). */
function summarise(results: ImportResult[], dryRun: boolean): string {
  if (dryRun) return `dry run: ${results.length} files valid; nothing written`;
  const repaired = results
    .filter((result) => result.repaired)
    .map((result) => `${result.region} ${result.year} ${result.kind}`);
  const count = (outcome: string) => results.filter((result) => result.outcome === outcome).length;
  return (
    `${results.length} files committed: ${count('created')} created, ${count('revised')} revised, ` +
    `${count('replaced')} replaced, ${count('unchanged')} unchanged` +
    (repaired.length
      ? ` (${repaired.join(', ')}: stored before, by a run that did not finish; registry and data version now updated)`
      : '')
  );
}

// Test-only (crash tests): IMPORT_PAUSE_AT=<step> prints "import paused at <step>" there and waits 10 minutes, to be
// killed.
function readPauseStep(env: NodeJS.ProcessEnv): ImportStep | undefined {
  const pauseAt = env.IMPORT_PAUSE_AT as ImportStep | undefined;
  if (pauseAt && !IMPORT_STEPS.includes(pauseAt))
    throw new UsageError(`IMPORT_PAUSE_AT must be one of ${IMPORT_STEPS.join(', ')}; got "${pauseAt}"`);
  return pauseAt;
}

/** The regions' database, and national's when NATIONAL_DATABASE_URL names another one. */
async function openImportDatabases(env: NodeJS.ProcessEnv, opened: DatabaseHandle[]) {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR || '.data/pglite' });
  opened.push(database);
  const nationalUrl = env.NATIONAL_DATABASE_URL;
  if (!nationalUrl || nationalUrl === env.DATABASE_URL) return { database, nationalDatabase: undefined };
  const nationalDatabase = await openDatabase({ databaseUrl: nationalUrl });
  opened.push(nationalDatabase);
  return { database, nationalDatabase };
}

/** Validates every file, then writes them all; the exit code: 0 written, 1 refused or failed, 2 a usage error. */
export async function runImportCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  { print = console.log, printError = console.error, terminal }: Partial<ImportCommandOutput> = {},
): Promise<number> {
  let regions: KnownRegions;
  let pauseAt: ImportStep | undefined;
  const dryRun = args.includes('--dry-run') || args.includes('--check');
  const files = args.filter((arg) => !arg.startsWith('--'));
  try {
    regions = readKnownRegions(env);
    if (files.length === 0) throw new UsageError(USAGE);
    pauseAt = readPauseStep(env);
  } catch (error) {
    printError((error as Error).message);
    return 2;
  }

  // A bar for many files on a terminal; plain lines otherwise (CI logs, pipes, tests).
  const bar =
    terminal?.isTTY && files.length > 3
      ? new cliProgress.SingleBar(
          { format: 'importing [{bar}] {value}/{total} {file}', stream: terminal },
          cliProgress.Presets.shades_classic,
        )
      : null;
  const opened: DatabaseHandle[] = [];
  try {
    const { database, nationalDatabase } = await openImportDatabases(env, opened);
    const results = await importFiles(database, files, {
      dryRun,
      regions,
      nationalDatabase,
      async atStep(step) {
        if (step !== pauseAt) return;
        print(`import paused at ${step}`);
        await new Promise((resolve) => setTimeout(resolve, 600_000));
      },
      // Prefix of every schema name: isolates a copy of the data (tests, a staging load) in one database.
      schemaPrefix: env.SCHEMA_PREFIX ?? '',
      onProgress(result, index, total) {
        if (bar) {
          if (index === 0) bar.start(total, 0, { file: '' });
          bar.update(index + 1, { file: result.file });
        } else {
          print(`[${index + 1}/${total}] ${describe(result)}`);
        }
      },
    });
    bar?.stop();
    print(summarise(results, dryRun));
    return 0;
  } catch (error) {
    bar?.stop();
    if (error instanceof ImportFileError || error instanceof PartialImportError) printError(error.message);
    // Anything else failed inside the transaction (or before it): nothing of the files was committed.
    else printError(`import failed, nothing committed: ${(error as Error)?.message ?? String(error)}`);
    return 1;
  } finally {
    for (const database of opened) await database.close().catch(() => undefined);
  }
}
