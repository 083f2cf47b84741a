import type { DatabaseHandle } from '../../shared/database/database.ts';
import type { StartupProgress } from '../../shared/logging/startup-progress.ts';
import { importFiles } from './import-files.ts';
import {
  databaseState,
  fingerprintFiles,
  isUnchangedSince,
  readLastImportRecord,
  writeLastImportRecord,
} from './last-import-record.ts';

/**
 * Imports the files, unless the same files went into this database at the last start and nothing was
 * imported since (see last-import-record.ts, kept at `recordPath`); returns how many plans the files hold.
 */
export async function importUnlessUnchanged(
  database: DatabaseHandle,
  files: string[],
  recordPath: string,
  { step, stepIfQuiet }: Pick<StartupProgress, 'step' | 'stepIfQuiet'>,
): Promise<number> {
  const fingerprints = fingerprintFiles(files);
  const last = readLastImportRecord(recordPath);
  const before = await databaseState(database);
  if (isUnchangedSince(last, { ...before, files: fingerprints })) {
    step(
      `the ${files.length} data files are those of the last start and nothing was imported since (data version ` +
        `${before.dataVersion}): not imported again`,
    );
    return last.plans;
  }
  const imported = await importFiles(database, files, {
    onProgress: (result, index, total) => {
      // Every file when there are few; every twentieth and the last when a demo brings 150 of them.
      const line =
        `imported ${index + 1}/${total}: ${result.region} ${result.year} ${result.kind} ${result.outcome} ` +
        `(${result.file})`;
      if (total <= 10 || (index + 1) % 20 === 0 || index === total - 1) step(line);
      else stepIfQuiet(line);
    },
  });
  const plans = imported.filter((result) => result.kind === 'plan').length;
  writeLastImportRecord(recordPath, { ...(await databaseState(database)), files: fingerprints, plans });
  return plans;
}
