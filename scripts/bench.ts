/**
 * `npm run bench`: the production topology (gateway, national, 14 regional services as separate processes
 * on PostgreSQL, demo data for 14 regions × 2020–2025) under autocannon load; prints the table and the
 * targets, and writes reports/bench.json. About 4 minutes with the defaults on two cores.
 *   npm run bench -- [--duration 10] [--warmup 3] [--connections 14] [--scenarios S1,S2,S3,S4,S5,start]
 * See docs/performance.md for what each scenario measures and the figures of a real run.
 */
import { BenchUsageError, parseBenchOptions, USAGE } from '../bench/bench-options.ts';
import { runBench } from '../bench/run-bench.ts';

const args = process.argv.slice(2);
let options: ReturnType<typeof parseBenchOptions>;
try {
  options = parseBenchOptions(args);
} catch (error) {
  if (!(error instanceof BenchUsageError)) throw error;
  if (error.message) console.error(error.message);
  console.error(USAGE);
  process.exit(error.message ? 2 : 0);
}
const command = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
const { ok } = await runBench(options, command);
process.exit(ok ? 0 : 1);
