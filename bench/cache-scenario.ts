import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_YEARS, compareIndicatorBody, repeatedCompareIndicatorVariables } from './bench-queries.ts';
import { ask, measureOnQuietMachine, type ScenarioContext } from './bench-scenarios.ts';
import { securityOffGatewayEnv } from './bench-security.ts';
import { ENTITY_CACHE_OFF, startGateway, type BenchProcess } from './bench-topology.ts';
import { delay } from './child-processes.ts';
import { loadWithAutocannon } from './load-with-autocannon.ts';
import { measurePhase, type Measurement } from './measure-phase.ts';

export const RESPONSE_CACHE_TTL_SECONDS = 300;
/** How long after an import the cached gateway may go on answering the old figure. */
export const INVALIDATION_LIMIT_S = 5;
const INVALIDATION_GIVE_UP_S = 20;

/** The figure the invalidation check changes: Kanreg VI's 2021 target for IKU-09 (printed 77 in the document). */
const CHANGED = { file: 'data/plans/VI-2021.plan.json', region: 'VI', year: 2021, indicator: 'IKU-09' };

export interface InvalidationCheck {
  question: string;
  before: number | null;
  expected: number;
  /** What the cached gateway answered last, and when (seconds after the import ended). */
  answered: number | null;
  secondsAfterImport: number | null;
  importSeconds: number;
  passed: boolean;
}

export type CacheScenarioResult =
  | { available: false; reason: string }
  | {
      available: true;
      measurements: Measurement[];
      /** cached ÷ uncached throughput on the same repeated questions. */
      speedup: number;
      invalidation: InvalidationCheck;
      note?: string;
    };

const question = compareIndicatorBody({ indicator: CHANGED.indicator, years: BENCH_YEARS, regions: null, kinds: null });

async function changedTarget(origin: string): Promise<number | null> {
  const answer = await ask(origin, question);
  if (answer.errors?.length)
    throw new Error(`S4: the invalidation question failed: ${JSON.stringify(answer.errors.slice(0, 2))}`);
  const row = answer.data?.compareIndicator?.rows?.find(
    (candidate: any) => candidate.region.code === CHANGED.region && candidate.year === CHANGED.year,
  );
  return row?.target ?? null;
}

/** Copies the plan file with one target changed; the import makes it a new revision of VI 2021. */
function writeChangedPlan(directory: string, before: number): { path: string; expected: number } {
  const plan = JSON.parse(readFileSync(CHANGED.file, 'utf8'));
  const target = plan.indicatorTargets.find((row: any) => row.nationalIndicatorId === CHANGED.indicator);
  if (!target) throw new Error(`${CHANGED.file} has no indicator target for ${CHANGED.indicator}`);
  const expected = before + 1;
  target.target = expected;
  mkdirSync(directory, { recursive: true });
  const path = join(directory, 'VI-2021.plan.json');
  writeFileSync(path, `${JSON.stringify(plan, null, 2)}\n`);
  return { path, expected };
}

/**
 * S4: S2's questions with the gateway's response cache on (a second gateway process started with
 * RESPONSE_CACHE_TTL_SECONDS, its entity cache off), against the same repeated questions on the gateway without
 * either cache; then an import of a changed plan, and how soon the cached gateway answers the new figure.
 * Reports "not available" when the national service has no `dataVersion` or the gateway does not start.
 */
export async function runCacheScenario(
  context: ScenarioContext,
  runDirectory: string,
  databaseUrl: string,
): Promise<CacheScenarioResult> {
  const { topology, children, settings, log } = context;
  const version = await ask(topology.national.origin, { query: '{ dataVersion }', variables: {} }, topology).catch(
    (error: Error) => ({ errors: [{ message: error.message }], data: undefined }),
  );
  if (version.errors?.length || version.data?.dataVersion === undefined) {
    return {
      available: false,
      reason:
        `the national service has no dataVersion (${version.errors?.[0]?.message ?? 'no answer'}), ` +
        'so there is no response cache to measure',
    };
  }

  let cached: BenchProcess;
  try {
    cached = await startGateway(children, 'gateway-cached', topology.national, topology.regions, {
      ...securityOffGatewayEnv(topology.subgraphSecret),
      // The whole-response cache alone, against the gateway without either cache.
      ...ENTITY_CACHE_OFF,
      RESPONSE_CACHE_TTL_SECONDS: String(RESPONSE_CACHE_TTL_SECONDS),
    });
  } catch (error) {
    return {
      available: false,
      reason:
        `a gateway with RESPONSE_CACHE_TTL_SECONDS=${RESPONSE_CACHE_TTL_SECONDS} did not start: ` +
        `${(error as Error).message.split('\n')[0]}`,
    };
  }
  try {
    const variables = repeatedCompareIndicatorVariables();
    const measurements: Measurement[] = [];
    for (const [server, run] of [
      [cached, 'gateway, cache on'],
      [topology.gateway, 'gateway, cache off'],
    ] as const) {
      const bodies = variables.map((each) => JSON.stringify(compareIndicatorBody(each)));
      const load = {
        urls: [server.origin],
        bodiesByPort: new Map([[server.port, bodies]]),
        connections: settings.connections,
      };
      // The cached gateway was started after the priming: it warms up as long as the others were primed.
      const warmupS = server === cached ? settings.warmupS + settings.primeS : settings.warmupS;
      log(
        `S4 ${run}: ${settings.connections} connections, the same ${bodies.length} questions over and over, ` +
          `warm-up ${warmupS} s, then ${settings.durationS} s`,
      );
      const watched = new Map(topology.subgraphs.map((subgraph) => [subgraph.name, subgraph.pid] as const));
      watched.set(server.name, server.pid);
      const measurement = await measureOnQuietMachine(context, () =>
        measurePhase(
          {
            scenario: 'S4',
            run,
            target: 'S2 with 14 repeated questions (one per indicator, 14 regions × 6 years)',
            connections: settings.connections,
            distinctQuestions: bodies.length,
          },
          { watched, front: server.name, database: context.database },
          (window) => loadWithAutocannon({ ...load, warmupS, durationS: settings.durationS, window }),
        ),
      );
      log(
        `  ${measurement.load.requestsPerSecond.toFixed(1)} req/s, p50 ${measurement.load.p50Ms.toFixed(2)} ms, ` +
          `p99 ${measurement.load.p99Ms.toFixed(2)} ms`,
      );
      measurements.push(measurement);
    }
    const [on, off] = measurements as [Measurement, Measurement];
    const speedup = on.load.requestsPerSecond / off.load.requestsPerSecond;
    const invalidation = await checkInvalidation(context, cached, join(runDirectory, 'changed-plan'), databaseUrl);
    // Answers that still reach the subgraphs at the uncached rate mean the cache is not answering them.
    const note =
      on.cpuMsPerRequest.subgraphs > 0.5 * off.cpuMsPerRequest.subgraphs
        ? 'the subgraphs still did at least half their uncached work per request: ' +
          'the responses do not seem to come from a cache'
        : undefined;
    return { available: true, measurements, speedup, invalidation, ...(note ? { note } : {}) };
  } finally {
    await children.stop(cached.child);
  }
}

async function checkInvalidation(
  context: ScenarioContext,
  cached: BenchProcess,
  directory: string,
  databaseUrl: string,
): Promise<InvalidationCheck> {
  const { children, log } = context;
  const before = await changedTarget(cached.origin);
  if (before === null)
    throw new Error(
      `S4: ${CHANGED.region} ${CHANGED.year} has no target for ${CHANGED.indicator}; the invalidation check needs one`,
    );
  await changedTarget(cached.origin);
  const { path, expected } = writeChangedPlan(directory, before);
  log(`S4 invalidation: importing ${CHANGED.file} with the ${CHANGED.indicator} target ${before} → ${expected}`);
  const importStarted = performance.now();
  await children.run('import-changed-plan', 'npm', ['run', 'import', '--', path], {
    DATABASE_URL: databaseUrl,
    NATIONAL_DATABASE_URL: '',
    SCHEMA_PREFIX: '',
  });
  const imported = performance.now();
  let answered: number | null = before;
  let secondsAfterImport: number | null = null;
  while ((performance.now() - imported) / 1000 < INVALIDATION_GIVE_UP_S) {
    answered = await changedTarget(cached.origin);
    if (answered === expected) {
      secondsAfterImport = (performance.now() - imported) / 1000;
      break;
    }
    await delay(100);
  }
  const passed = secondsAfterImport !== null && secondsAfterImport <= INVALIDATION_LIMIT_S;
  const when =
    secondsAfterImport === null
      ? ` for ${INVALIDATION_GIVE_UP_S} s`
      : ` ${secondsAfterImport.toFixed(2)} s after the import`;
  log(`  the cached gateway answered ${answered}${when}`);
  return {
    question:
      `compareIndicator(indicator: "${CHANGED.indicator}", years: 2020…2025), ` +
      `row ${CHANGED.region} ${CHANGED.year}, target`,
    before,
    expected,
    answered,
    secondsAfterImport,
    importSeconds: (imported - importStarted) / 1000,
    passed,
  };
}
