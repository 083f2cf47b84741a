import { parseArgs } from 'node:util';

export const ALL_SCENARIOS = ['S1', 'S2', 'S3', 'S4', 'S5', 'one-host', 'start', 'export'] as const;
export type ScenarioName = (typeof ALL_SCENARIOS)[number];

export interface BenchOptions {
  durationS: number;
  warmupS: number;
  /** Seconds of each of the five priming loads before the first measurement (JIT warm-up of every process). */
  primeS: number;
  connections: number;
  /**
   * Requests each server is asked in a row in its turn in S1's runs at one connection (1: the servers alternate at
   * every request, as before the seventh pass of docs/performance.md).
   */
  turnLength: number;
  /** Repeats of a run that shared the machine with other work (see OTHER_LOAD_LIMIT). */
  busyRetries: number;
  scenarios: ScenarioName[];
  /** The PostgreSQL server, without a database: postgres://user:pass@host:port */
  serverUrl: string;
  database: string;
  out: string;
  keepRunDirectory: boolean;
  /**
   * Processes (gateway, national, regional-VI, monolith …) that write a V8 CPU profile into <run directory>/profiles.
   */
  cpuProfile: string[];
}

// The help's longest line, kept whole in the output but not in the source.
const PROFILER_COST = 'each profiler slows its process, and all 17 at once slow the machine 50×';

export const USAGE = `usage: npm run bench -- [options]
  --duration S       measured seconds per run (default 10)
  --warmup S         warm-up seconds before each run (default 3)
  --prime S          seconds of each of the 5 priming loads before the first run (default 4; 0 skips)
  --connections N    concurrent connections of the loaded runs (default 14: one per region; S5 always uses 2)
  --turn-length N    S1 at one connection: requests each server is asked in a row in its turn (default 6, one per
                     year; 1 alternates the servers at every request, which leaves each gateway cold three turns in four)
  --busy-retries N   repeat a run during which other work used over 20% of the machine, once it is quiet (default 1)
  --scenarios LIST   any of ${ALL_SCENARIOS.join(',')} (default all; "start" times \`npm start\`; "export" times the
                     full indicator export computed, repeated and revalidated: --scenarios export runs it alone;
                     "one-host" runs S2 and S3 with the 14 regions in one process, beside a monolith of its own)
  --database-url URL the PostgreSQL server (default $BENCH_DATABASE_URL or postgres://bkn:bkn@127.0.0.1:5432)
  --database NAME    the database the bench drops and creates (default bkn_bench)
  --out FILE         the JSON report (default reports/bench.json)
  --keep-run-dir     keep the run directory (logs, generated data, embedded data directory) after a successful run
  --cpu-prof NAMES   profile these processes (node --cpu-prof; e.g. gateway,national,regional-VI,monolith) into
                     <run directory>/profiles/<process>/*.cpuprofile for Chrome DevTools or speedscope, and keep the
                     run directory; a few at a time: ${PROFILER_COST}`;

export class BenchUsageError extends Error {}

function positive(
  name: string,
  text: string,
  { integer, allowZero }: { integer: boolean; allowZero: boolean },
): number {
  const value = Number(text);
  const valid = Number.isFinite(value) && (allowZero ? value >= 0 : value > 0) && (!integer || Number.isInteger(value));
  if (!valid)
    throw new BenchUsageError(
      `--${name} expects ${integer ? 'a whole number' : 'a number'} ${allowZero ? '≥ 0' : '> 0'}; got "${text}"`,
    );
  return value;
}

export function parseBenchOptions(args: string[], env: NodeJS.ProcessEnv = process.env): Readonly<BenchOptions> {
  const values = readBenchArguments(args, env);
  if (values.help) throw new BenchUsageError('');
  const scenarios = values.scenarios
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of scenarios) {
    if (!(ALL_SCENARIOS as readonly string[]).includes(name))
      throw new BenchUsageError(
        `--scenarios: unknown scenario "${name}"; expected some of ${ALL_SCENARIOS.join(', ')}`,
      );
  }
  try {
    new URL(values['database-url']);
  } catch {
    throw new BenchUsageError(
      `--database-url must be a URL like postgres://user:pass@127.0.0.1:5432; got "${values['database-url']}"`,
    );
  }
  return Object.freeze({
    durationS: positive('duration', values.duration, { integer: false, allowZero: false }),
    warmupS: positive('warmup', values.warmup, { integer: false, allowZero: true }),
    primeS: positive('prime', values.prime, { integer: false, allowZero: true }),
    connections: positive('connections', values.connections, { integer: true, allowZero: false }),
    turnLength: positive('turn-length', values['turn-length'], { integer: true, allowZero: false }),
    busyRetries: positive('busy-retries', values['busy-retries'], { integer: true, allowZero: true }),
    scenarios: scenarios as ScenarioName[],
    serverUrl: values['database-url'],
    database: values.database,
    out: values.out,
    keepRunDirectory: values['keep-run-dir'] || values['cpu-prof'] !== '',
    cpuProfile: values['cpu-prof']
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  });
}

/** The command line as node:util's parseArgs reads it; a malformed one is a BenchUsageError. */
function readBenchArguments(args: string[], env: NodeJS.ProcessEnv) {
  try {
    return parseArgs({
      args,
      options: {
        duration: { type: 'string', default: '10' },
        warmup: { type: 'string', default: '3' },
        prime: { type: 'string', default: '4' },
        connections: { type: 'string', default: '14' },
        'turn-length': { type: 'string', default: '6' },
        'busy-retries': { type: 'string', default: '1' },
        scenarios: { type: 'string', default: ALL_SCENARIOS.join(',') },
        'database-url': { type: 'string', default: env.BENCH_DATABASE_URL || 'postgres://bkn:bkn@127.0.0.1:5432' },
        database: { type: 'string', default: 'bkn_bench' },
        out: { type: 'string', default: 'reports/bench.json' },
        'keep-run-dir': { type: 'boolean', default: false },
        'cpu-prof': { type: 'string', default: '' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
}
