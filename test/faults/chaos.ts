/**
 * `npm run chaos`: two minutes of mixed load on the separate services (gateway, national, 14 regions as their
 * own processes on a PostgreSQL of the run's own) while it kills a region, hangs another, restarts PostgreSQL
 * and restarts national. Prints per fault the errors clients saw by code, the share of answers in which
 * every healthy region's data was complete while the fault was on (the target is 100 %), and how long
 * service took to recover once it was undone;
 * writes reports/chaos.json. Any service process that dies on its own fails the run.
 *
 * Options: --seconds N (default 120; the fault times scale with it), --clients N (default 4).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { REGION_CODES } from '../../shared/regions/region-codes.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts';
import { findFreePortRange } from '../../bench/child-processes.ts';
import { startServiceProcess, waitFor200, type ServiceProcess } from '../support/service-process.ts';

const { values: options } = parseArgs({
  options: { seconds: { type: 'string', default: '120' }, clients: { type: 'string', default: '4' } },
});
const RUN_MS = Number(options.seconds) * 1000;
const CLIENTS = Number(options.clients);
const SECRET = 'chaos-run-subgraph-secret-of-at-least-32-characters';
const KILLED_REGION = 'VI';
const HUNG_REGION = 'XII';

/** Two questions: one that needs national and every region, one that needs only the regions (root fields). */
const COMPARISON =
  '{ compareIndicator(indicator: "IKU-09", years: [2021, 2024]) { rows { region { code } year missing } } }';
const PLANS = `{ ${REGION_CODES.map((code) => `r${code}: plan(region: "${code}", year: 2021) { year }`).join(' ')} }`;

type Kind = 'comparison' | 'plans';

interface Answer {
  at: number;
  kind: Kind;
  ms: number;
  status: number;
  codes: string[];
  /**
   * Regions whose data did not arrive (an error naming them, or rows marked REGION_UNAVAILABLE); all of them when the
   * answer has no data.
   */
  regionsMissing: string[];
}

interface Fault {
  name: string;
  /** What the fault takes away: regions, and whether national is gone too. */
  affects: { regions: string[]; national: boolean };
  startAt: number;
  /** When the fault was undone (process back, PostgreSQL started); set by the run. */
  endedAt?: number;
  inject(): Promise<void>;
  undo(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function regionsMissingFrom(kind: Kind, body: any): string[] {
  if (!body?.data) return [...REGION_CODES];
  const missing = new Set<string>();
  for (const error of body.errors ?? [])
    if (typeof error.extensions?.region === 'string') missing.add(error.extensions.region);
  if (kind === 'comparison') {
    const rows = body.data.compareIndicator?.rows;
    if (!rows) return [...REGION_CODES];
    for (const row of rows) if (row.missing === 'REGION_UNAVAILABLE') missing.add(row.region.code);
  }
  return [...missing];
}

async function ask(gatewayUrl: string, kind: Kind, started: number): Promise<Answer> {
  const at = performance.now() - started;
  const begun = performance.now();
  try {
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: kind === 'comparison' ? COMPARISON : PLANS }),
      signal: AbortSignal.timeout(40_000),
    });
    const body = (await response.json()) as any;
    const codes = [...new Set<string>((body.errors ?? []).map((error: any) => String(error.extensions?.code)))];
    return {
      at,
      kind,
      ms: performance.now() - begun,
      status: response.status,
      codes,
      regionsMissing: regionsMissingFrom(kind, body),
    };
  } catch (error) {
    return {
      at,
      kind,
      ms: performance.now() - begun,
      status: 0,
      codes: [`NO_ANSWER (${(error as Error).name})`],
      regionsMissing: [...REGION_CODES],
    };
  }
}

/** Regions an answer should have had complete at its time: all but those a fault running then took away. */
function healthyRegions(answer: Answer, faults: Fault[]): string[] | undefined {
  const active = faults.filter((fault) => answer.at >= fault.startAt && answer.at < (fault.endedAt ?? Infinity));
  if (answer.kind === 'comparison' && active.some((fault) => fault.affects.national)) return undefined;
  const down = new Set(active.flatMap((fault) => fault.affects.regions));
  return REGION_CODES.filter((code) => !down.has(code));
}

const isComplete = (answer: Answer, healthy: string[]) =>
  healthy.every((code) => !answer.regionsMissing.includes(code));

function summarise(fault: Fault, answers: Answer[], faults: Fault[], windowEnd: number) {
  const during = answers.filter((answer) => answer.at >= fault.startAt && answer.at < windowEnd);
  const codes: Record<string, number> = {};
  for (const answer of during) for (const code of answer.codes) codes[code] = (codes[code] ?? 0) + 1;
  const missingByRegion: Record<string, number> = {};
  for (const answer of during)
    for (const code of answer.regionsMissing) missingByRegion[code] = (missingByRegion[code] ?? 0) + 1;
  // Judged: the answers given while the fault was on, over the regions it did not take away. After it is undone
  // the regions it took are recovering, which the recovery time measures instead.
  const whileOn = during.filter((answer) => answer.at < (fault.endedAt ?? windowEnd));
  const judged = whileOn
    .map((answer) => ({ answer, healthy: healthyRegions(answer, faults) }))
    .filter((entry) => entry.healthy && entry.healthy.length > 0);
  const complete = judged.filter((entry) => isComplete(entry.answer, entry.healthy!)).length;
  // Recovery: from the fault's undoing to the first answer of each kind with every region complete.
  const recoveredAt = (kind: Kind) =>
    answers.find(
      (answer) =>
        answer.kind === kind && answer.at >= (fault.endedAt ?? Infinity) && answer.regionsMissing.length === 0,
    )?.at;
  const recovery = (['comparison', 'plans'] as const).map((kind) => recoveredAt(kind));
  const recoveryMs = recovery.every((at) => at !== undefined)
    ? Math.max(...(recovery as number[])) - fault.endedAt!
    : undefined;
  const p50 = (values: number[]) =>
    values.length ? values.sort((a, b) => a - b)[Math.floor(values.length / 2)]! : NaN;
  return {
    fault: fault.name,
    window: `${(fault.startAt / 1000).toFixed(0)}–${(windowEnd / 1000).toFixed(0)} s`,
    answers: during.length,
    errorsByCode: codes,
    missingByRegion,
    healthyCompleteShare: judged.length ? complete / judged.length : null,
    judgedAnswers: judged.length,
    p50Ms: Math.round(p50(during.map((answer) => answer.ms))),
    recoveryMs: recoveryMs === undefined ? null : Math.round(recoveryMs),
  };
}

async function startTopology(database: PrivatePostgres) {
  const common = { DATABASE_URL: database.url, SUBGRAPH_SECRET: SECRET, LOG_LEVEL: 'warn' };
  const national = await startServiceProcess('national', 'subgraphs/national/main.ts', common);
  const regional = new Map<string, ServiceProcess>();
  const regionUrls = new Map<string, string>();
  const startRegion = async (code: string, port?: number) => {
    const service = await startServiceProcess(
      `regional-${code}`,
      'subgraphs/regional/main.ts',
      { ...common, REGION: code },
      { port },
    );
    regional.set(code, service);
    regionUrls.set(code, `${service.url}/graphql`);
    return service;
  };
  // The two regions the run disturbs get a process each; the other twelve share two (REGIONS), each region on
  // its own port and schema, which spares the machine twelve processes without changing what a region is.
  await Promise.all([startRegion(KILLED_REGION), startRegion(HUNG_REGION)]);
  const others = REGION_CODES.filter((code) => code !== KILLED_REGION && code !== HUNG_REGION);
  const groups = [others.slice(0, 6), others.slice(6)];
  await Promise.all(
    groups.map(async (codes, index) => {
      const firstPort = await findFreePortRange(codes.length);
      const host = await startServiceProcess(
        `regional-group-${index + 1}`,
        'subgraphs/regional/main.ts',
        { ...common, REGIONS: codes.join(',') },
        { port: firstPort },
      );
      codes.forEach((code, offset) => {
        regionUrls.set(code, `http://127.0.0.1:${firstPort + offset}/graphql`);
      });
      regional.set(codes.join(','), host);
    }),
  );
  const gateway = await startServiceProcess('gateway', 'gateway/main.ts', {
    SUBGRAPH_SECRET: SECRET,
    NATIONAL_URL: `${national.url}/graphql`,
    REGION_URLS: REGION_CODES.map((code) => `${code}=${regionUrls.get(code)}`).join(','),
    AUTH_MODE: 'off',
    RATE_LIMIT: 'off',
    // No whole-response cache (stale cells, which need it, have their own test in test/faults/stale-cells.test.ts).
    // The entity cache is the gateway's default, on: cached cells hide a region that is down. ENTITY_CACHE_MB=0 in
    // the environment (which every process inherits) sends every answer through the regions (docs/operations.md).
    REGION_TIMEOUT_MS: '3000',
  });
  await waitFor200(`${gateway.url}/ready`, 60_000, gateway);
  await Promise.all([...regionUrls.values()].map((url) => waitFor200(url.replace(/\/graphql$/, '/ready'), 60_000)));
  return { national: { current: national }, regional, startRegion, gateway };
}

async function main() {
  const started0 = performance.now();
  const log = (message: string) => console.log(`[${((performance.now() - started0) / 1000).toFixed(1)} s] ${message}`);
  log('starting a private PostgreSQL, importing the documents, starting national, 14 regions and the gateway');
  const database = await startPrivatePostgres();
  const { execFileSync } = await import('node:child_process');
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/import.ts',
      'data/plans/VI-2021.plan.json',
      'data/plans/XII-2023.plan.json',
      'data/plans/XII-2024.plan.json',
    ],
    {
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    },
  );
  const topology = await startTopology(database);
  const services = () => [topology.national.current, ...topology.regional.values(), topology.gateway];
  const deaths: string[] = [];
  const expectedExits = new Set<ServiceProcess>();
  const watch = (service: ServiceProcess) =>
    void service.exited.then(({ code, signal }) => {
      if (!expectedExits.has(service)) deaths.push(`${service.name} exited on its own (${signal ?? code})`);
    });
  services().forEach(watch);

  const at = (share: number) => Math.round(RUN_MS * share);
  const faults: Fault[] = [
    {
      name: `region ${KILLED_REGION} killed (SIGKILL), restarted after ${at(0.125) / 1000} s`,
      affects: { regions: [KILLED_REGION], national: false },
      startAt: at(0.08),
      async inject() {
        const victim = topology.regional.get(KILLED_REGION)!;
        expectedExits.add(victim);
        victim.child.kill('SIGKILL');
        await victim.exited;
        await sleep(at(0.125));
        watch(await topology.startRegion(KILLED_REGION, victim.port));
      },
      async undo() {},
    },
    {
      name: `region ${HUNG_REGION} hung (SIGSTOP) for ${at(0.125) / 1000} s`,
      affects: { regions: [HUNG_REGION], national: false },
      startAt: at(0.33),
      async inject() {
        topology.regional.get(HUNG_REGION)!.child.kill('SIGSTOP');
        await sleep(at(0.125));
      },
      async undo() {
        topology.regional.get(HUNG_REGION)!.child.kill('SIGCONT');
      },
    },
    {
      name: 'PostgreSQL stopped (fast) and started again after 5 s',
      affects: { regions: [...REGION_CODES], national: true },
      startAt: at(0.58),
      async inject() {
        await database.stop('fast');
        await sleep(5_000);
        await database.start();
      },
      async undo() {},
    },
    {
      name: 'national restarted (SIGTERM, then started again)',
      affects: { regions: [], national: true },
      startAt: at(0.79),
      async inject() {
        const old = topology.national.current;
        expectedExits.add(old);
        await old.stop();
        const national = await startServiceProcess(
          'national',
          'subgraphs/national/main.ts',
          { DATABASE_URL: database.url, SUBGRAPH_SECRET: SECRET, LOG_LEVEL: 'warn' },
          { port: old.port },
        );
        topology.national.current = national;
        watch(national);
      },
      async undo() {},
    },
  ];

  log(
    `load: ${CLIENTS} clients for ${RUN_MS / 1000} s, alternating a comparison over all 14 regions and 14 ` +
      `regions' plans by root field`,
  );
  const answers: Answer[] = [];
  const started = performance.now();
  const clients = Array.from({ length: CLIENTS }, async (_, index) => {
    let kind: Kind = index % 2 === 0 ? 'comparison' : 'plans';
    while (performance.now() - started < RUN_MS) {
      answers.push(await ask(topology.gateway.url, kind, started));
      kind = kind === 'comparison' ? 'plans' : 'comparison';
    }
  });
  const injector = (async () => {
    for (const fault of faults) {
      await sleep(Math.max(0, fault.startAt - (performance.now() - started)));
      log(`fault: ${fault.name}`);
      await fault.inject();
      await fault.undo();
      fault.endedAt = performance.now() - started;
      log(`undone: ${fault.name}`);
    }
  })();
  await Promise.all([...clients, injector]);

  // The baseline is "on" for its whole window, so that all its answers are judged; answers started just before
  // the first fault may end after it, so the window stops a region timeout short of it.
  const baselineEnd = faults[0]!.startAt - 3_000;
  const baseline = summarise(
    {
      name: 'baseline (no fault)',
      affects: { regions: [], national: false },
      startAt: 0,
      endedAt: baselineEnd,
      inject: async () => {},
      undo: async () => {},
    },
    answers,
    faults,
    baselineEnd,
  );
  const report = [
    baseline,
    ...faults.map((fault, index) => summarise(fault, answers, faults, faults[index + 1]?.startAt ?? RUN_MS)),
  ];
  console.log('\nfault | window | answers | errors clients saw, by code | healthy regions complete | p50 | recovery');
  for (const row of report) {
    const codes =
      Object.entries(row.errorsByCode)
        .map(([code, count]) => `${code} ×${count}`)
        .join(', ') || 'none';
    const share =
      row.healthyCompleteShare === null
        ? 'n/a'
        : `${(row.healthyCompleteShare * 100).toFixed(1)} % of ${row.judgedAnswers}`;
    const missing =
      Object.entries(row.missingByRegion)
        .map(([code, count]) => `${code} ×${count}`)
        .join(', ') || 'none';
    console.log(
      `${row.fault} | ${row.window} | ${row.answers} | ${codes} | ${share} | ${row.p50Ms} ms | ` +
        `${row.recoveryMs === null ? '—' : `${row.recoveryMs} ms`}`,
    );
    console.log(`    regions missing from answers: ${missing}`);
  }
  console.log(
    deaths.length ? `\nprocesses that died on their own: ${deaths.join('; ')}` : '\nno service process died on its own',
  );
  mkdirSync('reports', { recursive: true });
  writeFileSync(
    'reports/chaos.json',
    JSON.stringify({ runSeconds: RUN_MS / 1000, clients: CLIENTS, report, deaths }, null, 2),
  );

  for (const service of services()) {
    expectedExits.add(service);
    if (service.child.signalCode === null && service.child.exitCode === null) service.child.kill('SIGCONT');
  }
  await Promise.all(services().map((service) => service.stop(5_000)));
  await database.dispose();
  const incomplete = report.filter((row) => row.healthyCompleteShare !== null && row.healthyCompleteShare < 1);
  if (deaths.length || incomplete.length) process.exitCode = 1;
}

await main();
