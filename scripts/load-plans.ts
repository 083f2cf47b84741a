/**
 * Validates plan files, then loads them: each region-year in one transaction, re-loading an identical
 * file changes nothing, and nothing is written when any file has a problem.
 *   npm run load -- data/plans/VI-2021.plan.json [more files…] [--check]
 * DATABASE_URL: the PostgreSQL of the files' regions (schema region_<code>); NATIONAL_DATABASE_URL: the
 * national service's, when it is another database (default: DATABASE_URL). Unset, both are the embedded
 * PGlite of `npm start` (DATA_DIR, default .data/pglite; stop `npm start` first).
 */
import { openDatabase } from '../shared/database/database.ts';
import { loadPlanFiles, PlanFileError, readPlanFiles } from './plan-loading/load-plan-files.ts';

const args = process.argv.slice(2);
const checkOnly = args.includes('--check');
const files = args.filter((arg) => !arg.startsWith('--'));
if (files.length === 0) {
  console.error('usage: npm run load -- <plan file>… [--check]');
  process.exit(2);
}

try {
  if (checkOnly) {
    const plans = await readPlanFiles(files);
    for (const { file, plan } of plans) console.log(`ok  ${file}: ${plan.region} ${plan.year}, ${plan.indicatorTargets.length} indicators, ${plan.budgetLines.length} budget lines`);
    process.exit(0);
  }
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR || '.data/pglite' });
  const nationalDatabase = process.env.NATIONAL_DATABASE_URL ? await openDatabase({ databaseUrl: process.env.NATIONAL_DATABASE_URL }) : undefined;
  try {
    await loadPlanFiles(database, files, {
      nationalDatabase,
      onProgress: (loaded, index, total) => console.log(`[${index + 1}/${total}] ${loaded.region} ${loaded.year}: ${loaded.outcome} (${loaded.file})`),
    });
  } finally {
    await database.close();
    await nationalDatabase?.close();
  }
} catch (error) {
  if (error instanceof PlanFileError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
