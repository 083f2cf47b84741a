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
import { runImportCommand } from '../ingest/importing/run-import-command.ts';

// Exits at once: nothing left behind (an idle pool socket, a timer) keeps the process alive after the summary.
process.exit(await runImportCommand(process.argv.slice(2), process.env, { terminal: process.stderr }));
