import type { ChildProcess } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import type { RegionCode } from '../../shared/regions/region-codes.ts';
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
import type { BenchProcess, BenchTopology } from './bench-topology.ts';
import { exited, type ChildProcesses } from './child-processes.ts';
import type { IdealClientConfig, IdealClientResult, IdealClientScenario } from './ideal-client.ts';
import { loadWithAutocannon, type LoadOptions } from './load-with-autocannon.ts';
import { measurePhase, type Measurement } from './measure-phase.ts';
import { waitForQuietMachine } from './process-stats.ts';

export interface LoadSettings {
  connections: number;
  durationS: number;
  warmupS: number;
  /** Seconds of each priming load; a process started after the priming (the ideal client) warms up this much longer. */
  primeS: number;
  /** How many times a run that shared the machine with other work is repeated once the machine is quiet. */
  busyRetries: number;
}

/** A run during which more of the machine than this was busy with other work is repeated (see busyRetries). */
export const OTHER_LOAD_LIMIT = 0.2;

/**
 * Runs `measure`, and again (up to busyRetries times, once the machine has gone quiet) while other work
 * took more than OTHER_LOAD_LIMIT of the machine during its window; keeps the least disturbed run.
 */
export async function measureOnQuietMachine(context: MeasureContext, measure: () => Promise<Measurement>): Promise<Measurement> {
  let best = await measure();
  for (let retry = 0; retry < context.settings.busyRetries && best.otherLoadShare > OTHER_LOAD_LIMIT; retry++) {
    context.log(`  ${(best.otherLoadShare * 100).toFixed(0)}% of the machine was busy with other work during that run: waiting for quiet, then again`);
    const quiet = await waitForQuietMachine(0.1, 90_000);
    if (!quiet) context.log('  the machine did not go quiet within 90 s; running again anyway');
    const again = await measure();
    if (again.otherLoadShare < best.otherLoadShare) best = again;
  }
  return best;
}


/** What measuring a load needs: the subgraph processes to watch, the settings, the database, the log. */
export type MeasureContext = Omit<ScenarioContext, 'topology' | 'children'> & { topology: Pick<BenchTopology, 'subgraphs'> };

export interface ScenarioContext {
  topology: BenchTopology;
  children: ChildProcesses;
  settings: LoadSettings;
  /** The bench database (its PostgreSQL backends' CPU is counted too). */
  database: string;
  log: (line: string) => void;
}

/** The low-load runs of S1 ask one region (VI, which has a document year) for its six years. */
export const LOW_LOAD_REGION = 'VI';

/** POSTs one body and returns the parsed answer. */
export async function ask(origin: string, body: GraphQLBody): Promise<{ data?: any; errors?: Array<{ message: string }> }> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${origin}/graphql answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 300)}`);
  }
}

/** Fails the bench before loading when an answer has errors or lacks what the scenario is about. */
export async function expectAnswer(what: string, origin: string, body: GraphQLBody, check: (data: any) => string | undefined): Promise<any> {
  const answer = await ask(origin, body);
  if (answer.errors?.length) throw new Error(`${what}: expected an answer without errors; got ${JSON.stringify(answer.errors.slice(0, 3))}`);
  const problem = check(answer.data);
  if (problem) throw new Error(`${what}: ${problem}`);
  return answer.data;
}

const serialise = (bodies: GraphQLBody[]) => bodies.map((body) => JSON.stringify(body));

export async function loadAndMeasure(
  context: MeasureContext,
  description: { scenario: string; run: string; target: string },
  front: BenchProcess | undefined,
  load: LoadOptions,
): Promise<Measurement> {
  const { settings, topology, log } = context;
  const distinctQuestions = [...load.bodiesByPort.values()].reduce((total, bodies) => total + bodies.length, 0);
  log(`${description.scenario} ${description.run}: ${load.connections} connections, warm-up ${settings.warmupS} s, then ${settings.durationS} s`);
  const watched = new Map(topology.subgraphs.map((server) => [server.name, server.pid] as const));
  if (front) watched.set(front.name, front.pid);
  const measurement = await measureOnQuietMachine(context, () =>
    measurePhase(
      { ...description, connections: load.connections, distinctQuestions },
      { watched, database: context.database, ...(front ? { front: front.name } : {}) },
      (window) => loadWithAutocannon({ ...load, warmupS: settings.warmupS, durationS: settings.durationS, window }),
    ),
  );
  log(`  ${measurement.load.requestsPerSecond.toFixed(1)} req/s, p50 ${measurement.load.p50Ms.toFixed(2)} ms, p99 ${measurement.load.p99Ms.toFixed(2)} ms, errors ${measurement.load.graphqlErrors + measurement.load.failedRequests}`);
  return measurement;
}

const regionPlanBodies = (body = regionPlanBody) => serialise(regionPlanVariables().map(body));

/** Each region's service gets its own six years, keyed by its port. */
const directRegionPlanBodies = (topology: BenchTopology) =>
  new Map([...topology.regions].map(([code, server]) => [server.port, serialise(regionPlanVariables([code as RegionCode]).map(regionPlanDirectBody))] as const));

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
    ['S1 through the gateway', { urls: [gateway.origin], bodiesByPort: new Map([[gateway.port, regionPlanBodies()]]), connections: settings.connections }],
    ['S1 straight to the regions', { urls: [...topology.regions.values()].map((server) => server.origin), bodiesByPort: directRegionPlanBodies(topology), connections: settings.connections }],
    ['S2 through the gateway', { urls: [gateway.origin], bodiesByPort: new Map([[gateway.port, s2]]), connections: settings.connections }],
    ['S3 through the gateway', { urls: [gateway.origin], bodiesByPort: new Map([[gateway.port, s3]]), connections: settings.connections }],
    ['S2 and S3 on the monolith', { urls: [monolith.origin], bodiesByPort: new Map([[monolith.port, [...s2.slice(0, 200), ...s3.slice(0, 200)]]]), connections: settings.connections }],
  ];
  log(`priming every process (JIT warm-up): ${loads.length} loads of ${seconds} s`);
  for (const [, load] of loads) await loadWithAutocannon({ ...load, warmupS: 0, durationS: seconds });
}

/** S1: one region's full plan for one year through the gateway, and the same entity fetch straight to the region. */
export async function runRegionPlanScenario(context: ScenarioContext): Promise<Measurement[]> {
  const { topology, settings } = context;
  const gateway = topology.gateway;
  const planCheck = (plan: any) => (plan?.indicatorTargets?.length && plan?.budgetLines?.length ? undefined : `expected a plan with indicator targets and budget lines; got ${JSON.stringify(plan)?.slice(0, 200)}`);
  const sample = { code: LOW_LOAD_REGION, year: 2021 };
  const viaGateway = await expectAnswer('S1 through the gateway', gateway.origin, regionPlanBody(sample), (data) => planCheck(data?.region?.plan));
  const region = topology.regions.get(LOW_LOAD_REGION)!;
  const direct = await expectAnswer('S1 straight to the region', region.origin, regionPlanDirectBody(sample), (data) => planCheck(data?._entities?.[0]?.plan));
  if (!isDeepStrictEqual(viaGateway.region.plan, direct._entities[0].plan)) throw new Error('S1: the gateway and the region answer the same question differently');
  const viaRootField = await expectAnswer('S1 through the gateway by plan(region, year)', gateway.origin, regionPlanRootBody(sample), (data) => planCheck(data?.plan));
  if (!isDeepStrictEqual(viaRootField.plan, direct._entities[0].plan)) throw new Error('S1: plan(region, year) and the region answer the same question differently');

  const lowLoad = regionPlanVariables([LOW_LOAD_REGION]);
  const target = 'region(code){ plan(year){ totalBudget spendingSplit indicatorTargets budgetLines } }, 14 regions × 6 years';
  const lowLoadTarget = `the same, region ${LOW_LOAD_REGION} × 6 years, one request at a time`;
  return [
    await loadAndMeasure(context, { scenario: 'S1', run: 'gateway', target }, gateway, {
      urls: [gateway.origin],
      bodiesByPort: new Map([[gateway.port, regionPlanBodies()]]),
      connections: settings.connections,
    }),
    await loadAndMeasure(context, { scenario: 'S1', run: 'gateway, plan(region)', target: `${target}, asked as plan(region, year)` }, gateway, {
      urls: [gateway.origin],
      bodiesByPort: new Map([[gateway.port, regionPlanBodies(regionPlanRootBody)]]),
      connections: settings.connections,
    }),
    await loadAndMeasure(context, { scenario: 'S1', run: 'direct', target: `${target}: _entities(Region) to each region's service` }, undefined, {
      urls: [...topology.regions.values()].map((server) => server.origin),
      bodiesByPort: directRegionPlanBodies(topology),
      connections: settings.connections,
    }),
    await loadAndMeasure(context, { scenario: 'S1', run: 'gateway c=1', target: lowLoadTarget }, gateway, {
      urls: [gateway.origin],
      bodiesByPort: new Map([[gateway.port, serialise(lowLoad.map(regionPlanBody))]]),
      connections: 1,
    }),
    await loadAndMeasure(context, { scenario: 'S1', run: 'plan(region) c=1', target: `${lowLoadTarget}, asked as plan(region, year)` }, gateway, {
      urls: [gateway.origin],
      bodiesByPort: new Map([[gateway.port, serialise(lowLoad.map(regionPlanRootBody))]]),
      connections: 1,
    }),
    await loadAndMeasure(context, { scenario: 'S1', run: 'direct c=1', target: `${lowLoadTarget}, straight to ${LOW_LOAD_REGION}` }, undefined, {
      urls: [region.origin],
      bodiesByPort: new Map([[region.port, serialise(lowLoad.map(regionPlanDirectBody))]]),
      connections: 1,
    }),
  ];
}

interface ComparisonScenario {
  scenario: IdealClientScenario;
  target: string;
  variables: Array<Record<string, unknown>>;
  body: (variables: Record<string, unknown>) => GraphQLBody;
  check: (data: any, variables: Record<string, unknown>) => string | undefined;
}

const regionCount = (variables: Record<string, unknown>) => (Array.isArray(variables.regions) ? variables.regions.length : 14);
const yearCount = (variables: Record<string, unknown>) => (Array.isArray(variables.years) ? variables.years.length : 6);

export const COMPARE_INDICATOR_SCENARIO: ComparisonScenario = {
  scenario: 'S2',
  target: 'compareIndicator(indicator, years: 2020…2025){ rows summary }: 14 indicators, 14 regions × 6 years, orders varied',
  variables: compareIndicatorVariables(),
  body: compareIndicatorBody,
  check(data, variables) {
    const rows = data?.compareIndicator?.rows;
    const expected = regionCount(variables) * yearCount(variables);
    if (rows?.length !== expected) return `expected ${expected} rows; got ${rows?.length}`;
    if (!rows.some((row: any) => row.target !== null)) return 'expected some rows with a target; every target is null (is the demo data loaded?)';
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
    if (!rows.some((row: any) => row.amount !== null)) return 'expected some rows with an amount; every amount is null (is the demo data loaded?)';
    return data.compareBudget.spending?.length ? undefined : 'expected spending rows';
  },
};

/** S2 and S3: the gateway, the monolith on the same questions, and the ideal client. */
export async function runComparisonScenario(context: ScenarioContext, scenario: ComparisonScenario): Promise<Measurement[]> {
  const { topology, settings } = context;
  for (const variables of scenario.variables.slice(0, 3)) {
    const body = scenario.body(variables);
    const viaGateway = await expectAnswer(`${scenario.scenario} through the gateway`, topology.gateway.origin, body, (data) => scenario.check(data, variables));
    const viaMonolith = await expectAnswer(`${scenario.scenario} on the monolith`, topology.monolith.origin, body, (data) => scenario.check(data, variables));
    if (!isDeepStrictEqual(viaGateway, viaMonolith)) throw new Error(`${scenario.scenario}: the monolith answers ${JSON.stringify(variables)} differently from the gateway`);
  }
  const bodies = serialise(scenario.variables.map(scenario.body));
  const measurements: Measurement[] = [];
  for (const server of [topology.gateway, topology.monolith]) {
    measurements.push(
      await loadAndMeasure(context, { scenario: scenario.scenario, run: server.name, target: scenario.target }, server, {
        urls: [server.origin],
        bodiesByPort: new Map([[server.port, bodies]]),
        connections: settings.connections,
      }),
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
  log(`${scenario.scenario} ideal client: ${settings.connections} connections, warm-up ${settings.warmupS + settings.primeS} s, then ${settings.durationS} s`);
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
      target: `${scenario.target}; national grid + each region's _entities slice in parallel, merged, no rows or summary computed`,
      connections: settings.connections,
      distinctQuestions: scenario.variables.length,
    },
    // The ideal client's own process joins the watched ones once it is started, inside the phase.
    { watched, front: 'ideal-client', database: context.database },
    async (window) => {
      child = children.startNode(name, 'scripts/bench/ideal-client-main.ts', {}, { ipc: true });
      watched.set('ideal-client', child.pid!);
      const next = messagesOf(child, () => children.logTail(name));
      child.send({ type: 'config', config });
      await next('window-start');
      window.start();
      await next('window-end');
      window.end();
      const message = await next('result');
      return (message as { result: IdealClientResult }).result;
    },
  );
  child!.send({ type: 'exit' });
  await exited(child!);
  log(`  ${measurement.load.requestsPerSecond.toFixed(1)} req/s, p50 ${measurement.load.p50Ms.toFixed(2)} ms, p99 ${measurement.load.p99Ms.toFixed(2)} ms, errors ${measurement.load.graphqlErrors + measurement.load.failedRequests}`);
  return measurement;
}
