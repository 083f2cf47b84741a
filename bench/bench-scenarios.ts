import type { ChildProcess } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { parseRegionCode } from '../shared/regions/region-codes.ts';
import {
  compareBudgetBody,
  compareBudgetVariables,
  compareIndicatorBody,
  compareIndicatorVariables,
  regionPlanBody,
  regionPlanDirectBody,
  regionPlanRootBody,
  regionPlanVariables,
  type GraphQLBody,
} from './bench-queries.ts';
import {
  IN_TURNS_CONTROL,
  IN_TURNS_DIRECT,
  IN_TURNS_OFF,
  IN_TURNS_ON,
  LOW_LOAD_GATEWAY_RUNS,
  signedSubgraphHeaders,
} from './bench-security.ts';
import type { BenchProcess, BenchTopology } from './bench-topology.ts';
import { exited, type ChildProcesses } from './child-processes.ts';
import { GatewayCounterWindow } from './gateway-counters.ts';
import type { IdealClientConfig, IdealClientResult, IdealClientScenario } from './ideal-client.ts';
import { loadInTurns, type TurnTarget } from './load-in-turns.ts';
import { loadWithAutocannon, type LoadOptions, type LoadResult } from './load-with-autocannon.ts';
import { measurePhase, type Measurement } from './measure-phase.ts';
import { operationRequestsPerQuestion, regionalRequestsPerQuestion } from './regional-request-figures.ts';
import { waitForQuietMachine } from './process-stats.ts';

export interface LoadSettings {
  connections: number;
  durationS: number;
  warmupS: number;
  /** Seconds of each priming load; a process started after the priming (the ideal client) warms up this much longer. */
  primeS: number;
  /** How many times a run that shared the machine with other work is repeated once the machine is quiet. */
  busyRetries: number;
  /** S1 at one connection: how many requests in a row each server is asked in its turn. */
  turnLength: number;
}

/** What a phase with a topology of its own (one-host, S5) is given: it starts its processes, the bench stops them. */
export interface OwnTopologyPhase {
  children: ChildProcesses;
  databaseUrl: string;
  /** The bench database (its PostgreSQL backends' CPU is counted too). */
  database: string;
  /** Each service's pg pool cap (cap-pg-pool.ts). */
  poolMax: number;
  settings: LoadSettings;
  /** Every subgraph of the phase answers only requests signed with it, its gateway's included. */
  subgraphSecret: string;
  log: (line: string) => void;
}

/** A run during which more of the machine than this was busy with other work is repeated (see busyRetries). */
export const OTHER_LOAD_LIMIT = 0.2;

/**
 * Runs `measure`, and again (up to busyRetries times, once the machine has gone quiet) while other work
 * took more than OTHER_LOAD_LIMIT of the machine during its window; keeps the least disturbed run.
 */
export async function measureOnQuietMachine<Measured extends { otherLoadShare: number }>(
  context: MeasureContext,
  measure: () => Promise<Measured>,
): Promise<Measured> {
  let best = await measure();
  for (let retry = 0; retry < context.settings.busyRetries && best.otherLoadShare > OTHER_LOAD_LIMIT; retry++) {
    context.log(
      `  ${(best.otherLoadShare * 100).toFixed(0)}% of the machine was busy with other work during that run: ` +
        'waiting for quiet, then again',
    );
    const quiet = await waitForQuietMachine(0.1, 90_000);
    if (!quiet) context.log('  the machine did not go quiet within 90 s; running again anyway');
    const again = await measure();
    if (again.otherLoadShare < best.otherLoadShare) best = again;
  }
  return best;
}

/** What measuring a load needs: the subgraph processes to watch, the settings, the database, the log. */
export type MeasureContext = Omit<ScenarioContext, 'topology' | 'children'> & {
  topology: Pick<BenchTopology, 'subgraphs'>;
};

export interface ScenarioContext {
  topology: BenchTopology;
  children: ChildProcesses;
  settings: LoadSettings;
  /** The bench database (its PostgreSQL backends' CPU is counted too). */
  database: string;
  log: (line: string) => void;
}

/** The low-load runs of S1 ask one region (VI, which has a document year) for its six years. */
export const LOW_LOAD_REGION = parseRegionCode('VI');

/** How a request must be sent: signed with SUBGRAPH_SECRET to a subgraph, with an API key to the secure gateway. */
export interface Credentials {
  subgraphSecret?: string;
  apiKey?: string;
}

/** The headers of one request body under `credentials`. */
export function headersFor(
  credentials: Credentials | undefined,
): ((body: string) => Record<string, string>) | undefined {
  if (credentials?.subgraphSecret) {
    const secret = credentials.subgraphSecret;
    return (body) => signedSubgraphHeaders(secret, body);
  }
  if (credentials?.apiKey) {
    const headers = { 'x-api-key': credentials.apiKey };
    return () => headers;
  }
  return undefined;
}

/** POSTs one body and returns the parsed answer. */
export async function ask(
  origin: string,
  body: GraphQLBody,
  credentials?: Credentials,
): Promise<{ data?: any; errors?: Array<{ message: string }> }> {
  const text = JSON.stringify(body);
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headersFor(credentials)?.(text) },
    body: text,
    signal: AbortSignal.timeout(30_000),
  });
  const answer = await response.text();
  try {
    return JSON.parse(answer);
  } catch {
    throw new Error(
      `${origin}/graphql answered HTTP ${response.status} with a body that is not JSON: ${answer.slice(0, 300)}`,
    );
  }
}

/** Fails the bench before loading when an answer has errors or lacks what the scenario is about. */
export async function expectAnswer(
  what: string,
  origin: string,
  body: GraphQLBody,
  check: (data: any) => string | undefined,
  credentials?: Credentials,
): Promise<any> {
  const answer = await ask(origin, body, credentials);
  if (answer.errors?.length)
    throw new Error(`${what}: expected an answer without errors; got ${JSON.stringify(answer.errors.slice(0, 3))}`);
  const problem = check(answer.data);
  if (problem) throw new Error(`${what}: ${problem}`);
  return answer.data;
}

export const serialise = (bodies: GraphQLBody[]) => bodies.map((body) => JSON.stringify(body));

/** What a run through the gateway with its entity cache on is called: the run without it, and this. */
export const ENTITY_CACHE_ON = ', entity cache on';
/** The run of the monolith that coalesces each region's parts of several operations (not the reference). */
export const COALESCING_MONOLITH_RUN = 'monolith, coalescing';

/**
 * One load, measured; with `gatewayCounters`, the front is a gateway whose regional requests and entity cache
 * lookups inside the window are read from its /metrics too.
 */
export async function loadAndMeasure(
  context: MeasureContext,
  description: { scenario: string; run: string; target: string },
  front: BenchProcess | undefined,
  load: LoadOptions,
  options: { gatewayCounters?: boolean } = {},
): Promise<Measurement> {
  const { settings, topology, log } = context;
  const distinctQuestions = [...load.bodiesByPort.values()].reduce((total, bodies) => total + bodies.length, 0);
  log(
    `${description.scenario} ${description.run}: ${load.connections} connections, warm-up ${settings.warmupS} s, ` +
      `then ${settings.durationS} s`,
  );
  const watched = new Map(topology.subgraphs.map((server) => [server.name, server.pid] as const));
  if (front) watched.set(front.name, front.pid);
  const measurement = await measureOnQuietMachine(context, async () => {
    const counters = front && options.gatewayCounters ? new GatewayCounterWindow(front.origin) : undefined;
    const measured = await measurePhase(
      { ...description, connections: load.connections, distinctQuestions },
      { watched, database: context.database, ...(front ? { front: front.name } : {}) },
      (window) =>
        loadWithAutocannon({
          ...load,
          warmupS: settings.warmupS,
          durationS: settings.durationS,
          window: counters ? counters.around(window) : window,
        }),
    );
    const gateway = await counters?.counts();
    return gateway ? { ...measured, gateway } : measured;
  });
  log(
    `  ${measurement.load.requestsPerSecond.toFixed(1)} req/s, p50 ${measurement.load.p50Ms.toFixed(2)} ms, ` +
      `p99 ${measurement.load.p99Ms.toFixed(2)} ms, errors ` +
      `${measurement.load.graphqlErrors + measurement.load.failedRequests}${describeCounts(measurement)}`,
  );
  return measurement;
}

/** The gateway's counts of a run for the log line: regional requests per question, the entity cache's hits. */
function describeCounts(measurement: Measurement): string {
  const counts = measurement.gateway;
  if (!counts) return '';
  const requests = regionalRequestsPerQuestion(measurement);
  const operations = operationRequestsPerQuestion(measurement);
  const perQuestion = Number.isFinite(requests)
    ? `, ${requests.toFixed(1)} regional requests per question (${operations.toFixed(1)} operations' requests)`
    : '';
  const cache = counts.entityCache;
  const lookups = cache
    ? `, entity cache ${cache.hits} hits / ${cache.misses} misses`
    : ', entity cache not measured (no metric)';
  return `${perQuestion}${lookups}`;
}

const regionPlanBodies = (body = regionPlanBody) => serialise(regionPlanVariables().map(body));

/** Each region's service gets its own six years, keyed by its port. */
const directRegionPlanBodies = (topology: BenchTopology) =>
  new Map(
    [...topology.regions].map(
      ([code, server]) =>
        [server.port, serialise(regionPlanVariables([parseRegionCode(code)]).map(regionPlanDirectBody))] as const,
    ),
  );

/** S1's loads at `connections`: through the gateway, and straight to each region (one connection each). */
function regionPlanLoads({ topology, settings }: ScenarioContext): Array<[string, LoadOptions]> {
  const { gateway } = topology;
  return [
    [
      'S1 through the gateway',
      {
        urls: [gateway.origin],
        bodiesByPort: new Map([[gateway.port, regionPlanBodies()]]),
        connections: settings.connections,
      },
    ],
    [
      'S1 straight to the regions',
      {
        urls: [...topology.regions.values()].map((server) => server.origin),
        bodiesByPort: directRegionPlanBodies(topology),
        connections: settings.connections,
        headersFor: headersFor(topology),
      },
    ],
  ];
}

/**
 * Loads every process with every kind of question for `seconds` each before anything is measured. Fresh
 * processes run the first minute of load measurably slower (JIT, heap sizing; S2 went from 5.5 to about
 * 9 req/s over 60 s of load), and each regional process sees only a fourteenth of it.
 */
export async function primeTopology(context: ScenarioContext, seconds: number): Promise<void> {
  const { topology, settings, log } = context;
  const { gateway, monolith } = topology;
  const s2 = serialise(COMPARE_INDICATOR_SCENARIO.variables.map(COMPARE_INDICATOR_SCENARIO.body));
  const s3 = serialise(COMPARE_BUDGET_SCENARIO.variables.map(COMPARE_BUDGET_SCENARIO.body));
  const loads: Array<[string, LoadOptions]> = [
    ...regionPlanLoads(context),
    [
      'S2 through the gateway',
      { urls: [gateway.origin], bodiesByPort: new Map([[gateway.port, s2]]), connections: settings.connections },
    ],
    [
      'S3 through the gateway',
      { urls: [gateway.origin], bodiesByPort: new Map([[gateway.port, s3]]), connections: settings.connections },
    ],
    ...[monolith, topology.coalescingMonolith]
      .filter((reference) => reference !== undefined)
      .map((reference): [string, LoadOptions] => [
        `S2 and S3 on the ${reference.name}`,
        {
          urls: [reference.origin],
          bodiesByPort: new Map([[reference.port, [...s2.slice(0, 200), ...s3.slice(0, 200)]]]),
          connections: settings.connections,
        },
      ]),
  ];
  const through = (other: BenchProcess & Credentials, what: string, bodies: string[]): [string, LoadOptions] => [
    `${what} through ${other.name}`,
    {
      urls: [other.origin],
      bodiesByPort: new Map([[other.port, bodies]]),
      connections: settings.connections,
      headersFor: headersFor(other),
    },
  ];
  // S1's other two gateways get the gateway's loads, so that the three compare with the same history.
  const others: Array<BenchProcess & Credentials> = [topology.secureGateway, topology.controlGateway].filter(
    (other) => other !== undefined,
  );
  for (const other of others)
    loads.splice(4, 0, through(other, 'S1', regionPlanBodies()), through(other, 'S2', s2), through(other, 'S3', s3));
  // The gateway with its entity cache on gets them too: warm code, and its cache filled as a running one's is.
  const entityCache = topology.entityCacheGateway;
  if (entityCache)
    loads.push(
      through(entityCache, 'S1', regionPlanBodies()),
      through(entityCache, 'S2', s2),
      through(entityCache, 'S3', s3),
    );
  log(`priming every process (JIT warm-up): ${loads.length} loads of ${seconds} s`);
  for (const [, load] of loads) await loadWithAutocannon({ ...load, warmupS: 0, durationS: seconds });
}

/**
 * S1's loads of the priming again, before the loaded runs. The runs in turns ask only region VI for about half a
 * minute: the other 13 regional services sit idle, and the first loaded run after them paid for it. Run twice in
 * one bench (2026-12-03), `region(code){plan}` at 14 connections answered 103.6 requests a second the first time
 * (regional CPU 11.78 ms a request) and 154.9 the second (6.72 ms), against 198.9 straight to the regions: 0.52×
 * or 0.78×, by its place in the order alone (docs/performance.md, seventh pass).
 */
async function warmAfterLowLoad(context: ScenarioContext): Promise<void> {
  const { settings, log } = context;
  if (settings.primeS <= 0) return;
  const loads = regionPlanLoads(context);
  log(`S1: the priming's S1 loads again after the runs in turns (${loads.length} of ${settings.primeS} s)`);
  for (const [, load] of loads) await loadWithAutocannon({ ...load, warmupS: 0, durationS: settings.primeS });
}

/** S1: one region's full plan for one year through the gateway, and the same entity fetch straight to the region. */
export async function runRegionPlanScenario(context: ScenarioContext): Promise<Measurement[]> {
  const { topology, settings } = context;
  const gateway = topology.gateway;
  const planCheck = (plan: any) =>
    plan?.indicatorTargets?.length && plan?.budgetLines?.length
      ? undefined
      : `expected a plan with indicator targets and budget lines; got ${JSON.stringify(plan)?.slice(0, 200)}`;
  const sample = { code: LOW_LOAD_REGION, year: 2021 };
  const viaGateway = await expectAnswer('S1 through the gateway', gateway.origin, regionPlanBody(sample), (data) =>
    planCheck(data?.region?.plan),
  );
  const region = topology.regions.get(LOW_LOAD_REGION)!;
  const direct = await expectAnswer(
    'S1 straight to the region',
    region.origin,
    regionPlanDirectBody(sample),
    (data) => planCheck(data?._entities?.[0]?.plan),
    topology,
  );
  if (!isDeepStrictEqual(viaGateway.region.plan, direct._entities[0].plan))
    throw new Error('S1: the gateway and the region answer the same question differently');
  const viaRootField = await expectAnswer(
    'S1 through the gateway by plan(region, year)',
    gateway.origin,
    regionPlanRootBody(sample),
    (data) => planCheck(data?.plan),
  );
  if (!isDeepStrictEqual(viaRootField.plan, direct._entities[0].plan))
    throw new Error('S1: plan(region, year) and the region answer the same question differently');
  const entityCache = topology.entityCacheGateway;
  if (entityCache) {
    // Twice: the second answer comes from the cache the first filled.
    for (const attempt of ['first', 'second']) {
      const viaCache = await expectAnswer(
        `S1 through the gateway with its entity cache on (${attempt} time)`,
        entityCache.origin,
        regionPlanBody(sample),
        (data) => planCheck(data?.region?.plan),
      );
      if (!isDeepStrictEqual(viaCache.region.plan, direct._entities[0].plan))
        throw new Error(`S1: the gateway with its entity cache on answers differently from the region (${attempt})`);
    }
  }
  const secure = topology.secureGateway;
  if (secure) {
    const refused = await ask(secure.origin, regionPlanBody(sample));
    if (!refused.errors?.length)
      throw new Error('S1: the gateway with security on answered a request without credentials');
    const viaSecure = await expectAnswer(
      'S1 through the gateway with security on',
      secure.origin,
      regionPlanBody(sample),
      (data) => planCheck(data?.region?.plan),
      secure,
    );
    if (!isDeepStrictEqual(viaSecure.region.plan, direct._entities[0].plan))
      throw new Error('S1: the gateway with security on and the region answer the same question differently');
  }

  const lowLoad = regionPlanVariables([LOW_LOAD_REGION]);
  const target =
    'region(code){ plan(year){ totalBudget spendingSplit indicatorTargets budgetLines } }, 14 regions × 6 years';
  const lowLoadTarget = `the same, region ${LOW_LOAD_REGION} × 6 years, one request at a time`;
  const counted = { gatewayCounters: true };
  // First, while the three gateways have had the same loads (the priming). The first run in turns after the
  // priming's loads of 14 connections measured the gateways about 1.5 ms slower than the same run again right
  // after it (4.04 against 2.48 ms added, 2026-12-03): it warms up for one run's length more.
  const inTurns = [
    ...(await lowLoadInTurns(context, LOW_LOAD_GATEWAY_RUNS[0], {
      extraWarmupS: settings.warmupS + settings.durationS,
    })),
    ...(await lowLoadInTurns(context, LOW_LOAD_GATEWAY_RUNS[1])),
  ];
  await warmAfterLowLoad(context);
  return [
    ...inTurns,
    await loadAndMeasure(
      context,
      { scenario: 'S1', run: 'gateway', target },
      gateway,
      {
        urls: [gateway.origin],
        bodiesByPort: new Map([[gateway.port, regionPlanBodies()]]),
        connections: settings.connections,
      },
      counted,
    ),
    await loadAndMeasure(
      context,
      { scenario: 'S1', run: 'gateway, plan(region)', target: `${target}, asked as plan(region, year)` },
      gateway,
      {
        urls: [gateway.origin],
        bodiesByPort: new Map([[gateway.port, regionPlanBodies(regionPlanRootBody)]]),
        connections: settings.connections,
      },
      counted,
    ),
    await loadAndMeasure(
      context,
      { scenario: 'S1', run: 'direct', target: `${target}: _entities(Region) to each region's service, signed` },
      undefined,
      {
        urls: [...topology.regions.values()].map((server) => server.origin),
        bodiesByPort: directRegionPlanBodies(topology),
        connections: settings.connections,
        headersFor: headersFor(topology),
      },
    ),
    await loadAndMeasure(
      context,
      { scenario: 'S1', run: 'gateway c=1', target: lowLoadTarget },
      gateway,
      {
        urls: [gateway.origin],
        bodiesByPort: new Map([[gateway.port, serialise(lowLoad.map(regionPlanBody))]]),
        connections: 1,
      },
      counted,
    ),
    await loadAndMeasure(
      context,
      { scenario: 'S1', run: 'plan(region) c=1', target: `${lowLoadTarget}, asked as plan(region, year)` },
      gateway,
      {
        urls: [gateway.origin],
        bodiesByPort: new Map([[gateway.port, serialise(lowLoad.map(regionPlanRootBody))]]),
        connections: 1,
      },
      counted,
    ),
    await loadAndMeasure(
      context,
      { scenario: 'S1', run: 'direct c=1', target: `${lowLoadTarget}, straight to ${LOW_LOAD_REGION}, signed` },
      undefined,
      {
        urls: [region.origin],
        bodiesByPort: new Map([[region.port, serialise(lowLoad.map(regionPlanDirectBody))]]),
        connections: 1,
        headersFor: headersFor(topology),
      },
    ),
    ...(await regionPlanWithEntityCache(context, { target, lowLoadTarget })),
  ];
}

/**
 * S1 again through the gateway with its entity cache on: after the priming a region-year's plan is a hit, so
 * these show what the cache saves; the S1 targets are judged on the runs with it off, where every answer is
 * fetched.
 */
async function regionPlanWithEntityCache(
  context: ScenarioContext,
  { target, lowLoadTarget }: { target: string; lowLoadTarget: string },
): Promise<Measurement[]> {
  const { topology, settings } = context;
  const cached = topology.entityCacheGateway;
  if (!cached) return [];
  const lowLoad = regionPlanVariables([LOW_LOAD_REGION]);
  const through = (bodies: string[], connections: number): LoadOptions => ({
    urls: [cached.origin],
    bodiesByPort: new Map([[cached.port, bodies]]),
    connections,
  });
  const counted = { gatewayCounters: true };
  return [
    await loadAndMeasure(
      context,
      { scenario: 'S1', run: `gateway${ENTITY_CACHE_ON}`, target },
      cached,
      through(regionPlanBodies(), settings.connections),
      counted,
    ),
    await loadAndMeasure(
      context,
      { scenario: 'S1', run: `gateway c=1${ENTITY_CACHE_ON}`, target: lowLoadTarget },
      cached,
      through(serialise(lowLoad.map(regionPlanBody)), 1),
      counted,
    ),
    await loadAndMeasure(
      context,
      {
        scenario: 'S1',
        run: `plan(region) c=1${ENTITY_CACHE_ON}`,
        target: `${lowLoadTarget}, asked as plan(region, year)`,
      },
      cached,
      through(serialise(lowLoad.map(regionPlanRootBody)), 1),
      counted,
    ),
  ];
}

/** What the gateway with security on runs with, in a run's target. */
const SECURE_GATEWAY = 'AUTH_MODE=required (API key), RATE_LIMIT=on, default limits';

/**
 * S1 at one connection through the gateway with security off, the one with it on, the second one with it off (the
 * control) and straight to the region, in turns (one request in flight at a time, the same question to each in
 * turn): one measured phase, a row for each. The gateways against each other show what the security adds; the
 * gateway against the region what the gateway adds, both free of the drift between runs one after the other. The
 * subgraph, PostgreSQL and load generator columns are shared: per request of any of the four.
 */
async function lowLoadInTurns(
  context: ScenarioContext,
  way: (typeof LOW_LOAD_GATEWAY_RUNS)[number],
  options: { extraWarmupS?: number } = {},
): Promise<Measurement[]> {
  const { topology, log } = context;
  const settings = { ...context.settings, warmupS: context.settings.warmupS + (options.extraWarmupS ?? 0) };
  const { gateway, secureGateway: secure, controlGateway: control } = topology;
  if (!secure || !control) return [];
  const questions = regionPlanVariables([LOW_LOAD_REGION]);
  const bodies = serialise(questions.map(way.body));
  const region = topology.regions.get(LOW_LOAD_REGION)!;
  const inARow = settings.turnLength === 1 ? 'one request' : `${settings.turnLength} requests in a row`;
  const target = `region ${LOW_LOAD_REGION} × 6 years, ${way.asked}, one request at a time, ${inARow} to each in turn`;
  const turns: Array<{ server: BenchProcess; turn: Omit<TurnTarget, 'origin'>; run: string; target: string }> = [
    { server: gateway, turn: { headers: {} }, run: `${way.run}${IN_TURNS_OFF}`, target: `${target}: security off` },
    {
      server: secure,
      turn: { headers: { 'x-api-key': secure.apiKey } },
      run: `${way.run}${IN_TURNS_ON}`,
      target: `${target}: ${SECURE_GATEWAY}`,
    },
    {
      server: control,
      turn: { headers: {} },
      run: `${way.run}${IN_TURNS_CONTROL}`,
      target: `${target}: security off, a second gateway (control)`,
    },
    {
      server: region,
      turn: {
        headers: {},
        bodies: serialise(questions.map(regionPlanDirectBody)),
        ...(headersFor(topology) ? { headersFor: headersFor(topology) } : {}),
      },
      run: `${way.run}${IN_TURNS_DIRECT}`,
      target: `${target}: straight to ${LOW_LOAD_REGION}, _entities(Region), signed`,
    },
  ];
  log(
    `S1 ${way.run} in turns through three gateways (security off, on, off) and straight to ${LOW_LOAD_REGION}: ` +
      `warm-up ${settings.warmupS} s, ` +
      `then ${settings.durationS} s`,
  );
  const watched = new Map(
    [...topology.subgraphs, gateway, secure, control].map((server) => [server.name, server.pid] as const),
  );
  const { measurement, results } = await measureOnQuietMachine(context, async () => {
    let results: LoadResult[] = [];
    const measurement = await measurePhase(
      {
        scenario: 'S1',
        run: way.run,
        target,
        connections: 1,
        distinctQuestions: bodies.length,
        turnLength: settings.turnLength,
      },
      { watched, database: context.database },
      async (window) => {
        results = await loadInTurns({
          targets: turns.map(({ server, turn }) => ({ origin: server.origin, ...turn })),
          bodies,
          warmupS: settings.warmupS,
          durationS: settings.durationS,
          turnLength: settings.turnLength,
          window,
        });
        return combinedLoad(results);
      },
    );
    return { measurement, results, otherLoadShare: measurement.otherLoadShare };
  });
  const rows = turns.map(({ server, run, target: description }, index): Measurement => {
    const load = results[index]!;
    const row = { ...measurement, run, target: description, load };
    // The region also answers the gateways' fetches: its CPU is in the subgraphs' column, not a front's.
    if (server === region) return { ...row, cpuMsPerRequest: { ...measurement.cpuMsPerRequest, front: null } };
    return {
      ...row,
      front: server.name,
      cpuMsPerRequest: {
        ...measurement.cpuMsPerRequest,
        front: load.requests > 0 ? (measurement.cpuMs[server.name] ?? 0) / load.requests : Number.NaN,
      },
    };
  });
  for (const row of rows)
    log(
      `  ${row.run}: ${row.load.requestsPerSecond.toFixed(1)} req/s, p50 ${row.load.p50Ms.toFixed(2)} ms, ` +
        `p99 ${row.load.p99Ms.toFixed(2)} ms, errors ${row.load.graphqlErrors + row.load.failedRequests}`,
    );
  return rows;
}

/** The load of several targets as one: every request counted, latency of none (the rows carry their own). */
function combinedLoad(results: readonly LoadResult[]): LoadResult {
  const requests = results.reduce((total, result) => total + result.requests, 0);
  const durationS = results[0]?.durationS ?? Number.NaN;
  const firstError = results.find((result) => result.firstError)?.firstError;
  return {
    requests,
    durationS,
    requestsPerSecond: requests / durationS,
    p50Ms: Number.NaN,
    p99Ms: Number.NaN,
    meanMs: Number.NaN,
    graphqlErrors: results.reduce((total, result) => total + result.graphqlErrors, 0),
    failedRequests: results.reduce((total, result) => total + result.failedRequests, 0),
    ...(firstError ? { firstError } : {}),
  };
}

export interface ComparisonScenario {
  scenario: IdealClientScenario;
  target: string;
  variables: Array<Record<string, unknown>>;
  body: (variables: Record<string, unknown>) => GraphQLBody;
  check: (data: any, variables: Record<string, unknown>) => string | undefined;
}

const regionCount = (variables: Record<string, unknown>) =>
  Array.isArray(variables.regions) ? variables.regions.length : 14;
const yearCount = (variables: Record<string, unknown>) => (Array.isArray(variables.years) ? variables.years.length : 6);

export const COMPARE_INDICATOR_SCENARIO: ComparisonScenario = {
  scenario: 'S2',
  target:
    'compareIndicator(indicator, years: 2020…2025){ rows summary }: 14 indicators, 14 regions × 6 years, ' +
    'orders varied',
  variables: compareIndicatorVariables(),
  body: compareIndicatorBody,
  check(data, variables) {
    const rows = data?.compareIndicator?.rows;
    const expected = regionCount(variables) * yearCount(variables);
    if (rows?.length !== expected) return `expected ${expected} rows; got ${rows?.length}`;
    if (!rows.some((row: any) => row.target !== null))
      return 'expected some rows with a target; every target is null (is the demo data loaded?)';
    return data.compareIndicator.summary ? undefined : 'expected a summary';
  },
};

export const COMPARE_BUDGET_SCENARIO: ComparisonScenario = {
  scenario: 'S3',
  target: 'compareBudget(level: RO, codes: 3–6 of 12, years){ rows spending summary }: 14 regions × 6 years',
  variables: compareBudgetVariables(),
  body: compareBudgetBody,
  check(data, variables) {
    const rows = data?.compareBudget?.rows;
    const expected = regionCount(variables) * yearCount(variables) * (variables.codes as string[]).length;
    if (rows?.length !== expected) return `expected ${expected} rows; got ${rows?.length}`;
    if (!rows.some((row: any) => row.amount !== null))
      return 'expected some rows with an amount; every amount is null (is the demo data loaded?)';
    return data.compareBudget.spending?.length ? undefined : 'expected spending rows';
  },
};

/**
 * S2 and S3: the gateway with its entity cache off and (when started) on, the monolith on the same questions, and
 * the ideal client.
 */
export async function runComparisonScenario(
  context: ScenarioContext,
  scenario: ComparisonScenario,
): Promise<Measurement[]> {
  const { topology, settings } = context;
  const gateways: Array<[BenchProcess, string]> = [[topology.gateway, 'gateway']];
  if (topology.entityCacheGateway) gateways.push([topology.entityCacheGateway, `gateway${ENTITY_CACHE_ON}`]);
  // Not the reference: the monolith with the gateway's coalescing of each region's parts, beside it.
  if (topology.coalescingMonolith) gateways.push([topology.coalescingMonolith, COALESCING_MONOLITH_RUN]);
  for (const variables of scenario.variables.slice(0, 3)) {
    const body = scenario.body(variables);
    const viaMonolith = await expectAnswer(
      `${scenario.scenario} on the monolith`,
      topology.monolith.origin,
      body,
      (data) => scenario.check(data, variables),
    );
    // Each gateway twice: with its entity cache on, the second answer is made of the cells the first fetched.
    for (const [gateway, run] of gateways.flatMap((each) => [each, each])) {
      const viaGateway = await expectAnswer(`${scenario.scenario} through the ${run}`, gateway.origin, body, (data) =>
        scenario.check(data, variables),
      );
      if (!isDeepStrictEqual(viaGateway, viaMonolith))
        throw new Error(
          `${scenario.scenario}: the monolith answers ${JSON.stringify(variables)} differently from the ${run}`,
        );
    }
  }
  const bodies = serialise(scenario.variables.map(scenario.body));
  const runs: Array<[BenchProcess, string]> = [
    ...gateways.filter(([server]) => server !== topology.coalescingMonolith),
    [topology.monolith, 'monolith'],
    ...gateways.filter(([server]) => server === topology.coalescingMonolith),
  ];
  const measurements: Measurement[] = [];
  for (const [server, run] of runs) {
    measurements.push(
      await loadAndMeasure(
        context,
        { scenario: scenario.scenario, run, target: scenario.target },
        server,
        {
          urls: [server.origin],
          bodiesByPort: new Map([[server.port, bodies]]),
          connections: settings.connections,
        },
        { gatewayCounters: server !== topology.monolith && server !== topology.coalescingMonolith },
      ),
    );
  }
  measurements.push(await runIdealClient(context, scenario));
  return measurements;
}

type IdealClientMessage =
  | { type: 'window-start' }
  | { type: 'window-end' }
  | { type: 'result'; result: IdealClientResult }
  | { type: 'failed'; message: string };

/** The ideal client's messages in order; rejects when it fails or exits first. */
function messagesOf(child: ChildProcess, describe: () => string) {
  const queue: IdealClientMessage[] = [];
  const waiting: Array<{ resolve: (message: IdealClientMessage) => void; reject: (error: Error) => void }> = [];
  let ended: Error | undefined;
  const fail = (error: Error) => {
    ended = error;
    for (const waiter of waiting.splice(0)) waiter.reject(error);
  };
  child.on('message', (message: IdealClientMessage) => {
    if (message.type === 'failed') return fail(new Error(`the ideal client failed: ${message.message}`));
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(message);
    else queue.push(message);
  });
  child.once('exit', () => fail(new Error(`the ideal client exited before it finished:\n${describe()}`)));
  return async (expected: IdealClientMessage['type']): Promise<IdealClientMessage> => {
    const message =
      queue.shift() ??
      (await new Promise<IdealClientMessage>((resolve, reject) => {
        if (ended) reject(ended);
        else waiting.push({ resolve, reject });
      }));
    if (message.type !== expected) throw new Error(`the ideal client said "${message.type}"; expected "${expected}"`);
    return message;
  };
}

/** The ideal client in its own process: national for the grid, then every region's slice in parallel. */
function runIdealClient(context: ScenarioContext, scenario: ComparisonScenario): Promise<Measurement> {
  return measureOnQuietMachine(context, () => runIdealClientOnce(context, scenario));
}

async function runIdealClientOnce(context: ScenarioContext, scenario: ComparisonScenario): Promise<Measurement> {
  const { topology, children, settings, log } = context;
  const name = `ideal-client-${scenario.scenario}`;
  log(
    `${scenario.scenario} ideal client: ${settings.connections} connections, ` +
      `warm-up ${settings.warmupS + settings.primeS} s, then ${settings.durationS} s`,
  );
  const watched = new Map(topology.subgraphs.map((server) => [server.name, server.pid] as const));
  const config: IdealClientConfig = {
    scenario: scenario.scenario,
    nationalUrl: `${topology.national.origin}/graphql`,
    regionUrls: Object.fromEntries([...topology.regions].map(([code, server]) => [code, `${server.origin}/graphql`])),
    variables: scenario.variables,
    connections: settings.connections,
    // It was not there for the priming: a fresh process needs the longer warm-up the others had.
    warmupS: settings.warmupS + settings.primeS,
    durationS: settings.durationS,
  };
  let child: ChildProcess | undefined;
  const measurement = await measurePhase(
    {
      scenario: scenario.scenario,
      run: 'ideal client',
      target:
        `${scenario.target}; national grid + each region's _entities slice in parallel, merged, ` +
        'no rows or summary computed',
      connections: settings.connections,
      distinctQuestions: scenario.variables.length,
    },
    // The ideal client's own process joins the watched ones once it is started, inside the phase.
    { watched, front: 'ideal-client', database: context.database },
    async (window) => {
      // It signs its subgraph requests as the gateway does: the same agent, the same secret.
      child = children.startNode(
        name,
        'bench/ideal-client-main.ts',
        { SUBGRAPH_SECRET: topology.subgraphSecret },
        { ipc: true },
      );
      watched.set('ideal-client', child.pid!);
      const next = messagesOf(child, () => children.logTail(name));
      child.send({ type: 'config', config });
      await next('window-start');
      window.start();
      await next('window-end');
      window.end();
      const { result } = (await next('result')) as { result: IdealClientResult };
      // IPC carries NaN (no answer inside the window) as null.
      return {
        ...result,
        p50Ms: result.p50Ms ?? Number.NaN,
        p99Ms: result.p99Ms ?? Number.NaN,
        meanMs: result.meanMs ?? Number.NaN,
      };
    },
  );
  child!.send({ type: 'exit' });
  await exited(child!);
  log(
    `  ${measurement.load.requestsPerSecond.toFixed(1)} req/s, p50 ${measurement.load.p50Ms.toFixed(2)} ms, ` +
      `p99 ${measurement.load.p99Ms.toFixed(2)} ms, errors ` +
      `${measurement.load.graphqlErrors + measurement.load.failedRequests}`,
  );
  return measurement;
}
