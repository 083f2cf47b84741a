/**
 * Reads a Renja / RKT document (its text export) into a draft plan file, and reports what it could not read.
 *   npm run extract -- <document.txt> [--out draft.json] [--report report.json]
 * Without --out the draft goes to stdout. The report's summary always goes to stderr; --report also writes
 * it in full as JSON. The draft is checked with the plan-file validator: exit 0 when it validates, 1 when
 * it was written but does not validate (its problems are on stderr), 2 when the document cannot be read.
 */
import { runExtractCommand } from '../ingest/extraction/run-extract-command.ts';

process.exitCode = runExtractCommand(process.argv.slice(2));
