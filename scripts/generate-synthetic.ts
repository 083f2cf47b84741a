/**
 * Generates synthetic plan and realisation files for the 14 regional offices, for demonstrations and tests:
 *   npm run generate -- --seed N [--out DIR] [--years 2020-2025] [--regions I,II,…] [--documents DIR]
 *     [--reported-through 2025-TW2]
 * The same seed gives byte-identical files. Region-years with document data (data/plans/) are skipped, and
 * an existing file that is not synthetic is never overwritten. Every figure is marked SYNTHETIC.
 */
import { runGenerateCommand } from '../ingest/synthetic/run-generate-command.ts';

process.exitCode = runGenerateCommand(process.argv.slice(2));
