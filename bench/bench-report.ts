import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GATEWAY_NODE_FLAGS } from '../gateway/heap-budget.ts';
import { SERVICE_POOL_MAX, type BenchData, type ConnectionBudget } from './bench-data.ts';
import { IN_TURNS_CONTROL, IN_TURNS_DIRECT, IN_TURNS_OFF, IN_TURNS_ON, type SecurityReport } from './bench-security.ts';
import { ENTITIES_REQUEST_CPU_BEFORE_MS, type TargetResult } from './bench-targets.ts';
import { OTHER_LOAD_LIMIT } from './bench-scenarios.ts';
import { ENTITY_CACHE_ON_GATEWAYS } from './bench-topology.ts';
import type { CacheScenarioResult } from './cache-scenario.ts';
import { formatExportLine, type ExportScenarioResult } from './export-scenario.ts';
import type { FanOutData } from './fan-out-scenario.ts';
import type { MachineInfo } from './machine-info.ts';
import type { Measurement } from './measure-phase.ts';
import {
  entityCacheHitRatio,
  operationRequestsPerQuestion,
  regionalCpuMsPerOperationRequest,
  regionalCpuMsPerRegionalRequest,
  regionalRequestsPerQuestion,
} from './regional-request-figures.ts';
import { ONE_HOST_REGIONS_NAME } from './one-host-scenario.ts';
import type { StartupTime } from './startup-time.ts';

export interface BenchReport {
  date: string;
  command: string;
  machine: MachineInfo;
  settings: {
    connections: number;
    durationS: number;
    warmupS: number;
    primeS: number;
    busyRetries: number;
    /** S1 at one connection: requests each server is asked in a row in its turn (absent in reports before it). */
    turnLength?: number;
    scenarios: string[];
  };
  data?: BenchData;
  connectionBudget?: ConnectionBudget;
  measurements: Measurement[];
  cache?: CacheScenarioResult;
  /** S5's shards, processes and data, when it ran. */
  fanOut?: FanOutData;
  startup?: StartupTime;
  /** The full indicator export: computed warm, repeated, revalidated (304). */
  exports?: ExportScenarioResult;
  /** S1 through a gateway with security on against the one with it off, and what signing and admission cost. */
  security?: SecurityReport;
  targets: TargetResult[];
  /** Peak RSS per process in MB, the highest of every measured phase it took part in. */
  peakRssMb: Record<string, number>;
  /** When the run stopped early: why. The figures above are what was measured until then. */
  failure?: string;
}

const fixed = (value: number | null | undefined, digits: number) =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
const percent = (share: number) => (Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : '–');

function table(header: string[], rows: string[][], alignRight: boolean[]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const pad = (cell: string, column: number) =>
    alignRight[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!);
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const dashes = widths.map((width, column) =>
    alignRight[column] ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2),
  );
  const rule = `|${dashes.join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function peakRssByProcess(measurements: Measurement[]): Record<string, number> {
  const peaks: Record<string, number> = {};
  for (const measurement of measurements) {
    for (const [name, mb] of Object.entries(measurement.peakRssMb)) peaks[name] = Math.max(peaks[name] ?? 0, mb);
  }
  return peaks;
}

function measurementRows(measurements: Measurement[]): string[][] {
  return measurements.map((measurement) => {
    const { load, cpuMsPerRequest, peakRssMb } = measurement;
    const subgraphRss = Object.entries(peakRssMb)
      .filter(([name]) => name === 'national' || name.startsWith('regional-'))
      .map(([, mb]) => mb);
    return [
      measurement.scenario,
      measurement.run,
      String(measurement.connections),
      fixed(load.requestsPerSecond, 1),
      fixed(load.p50Ms, 2),
      fixed(load.p99Ms, 2),
      String(load.graphqlErrors + load.failedRequests),
      fixed(cpuMsPerRequest.front, 2),
      fixed(cpuMsPerRequest.subgraphs, 2),
      fixed(cpuMsPerRequest.postgres, 2),
      fixed(cpuMsPerRequest.loadGenerator, 2),
      `${fixed(measurement.otherLoadShare * 100, 0)}%`,
      measurement.front ? fixed(peakRssMb[measurement.front], 0) : '–',
      subgraphRss.length
        ? `${fixed(Math.max(...subgraphRss), 0)} / ${fixed(
            subgraphRss.reduce((a, b) => a + b, 0),
            0,
          )}`
        : '–',
    ];
  });
}

const SHARD_HOST = 'regional-shards-';

function rssRows(peaks: Record<string, number>): string[][] {
  // One line per process unless there are many: the one-host phase's single regional process is its own line.
  const grouped = (name: string) => name.startsWith('regional-') && name !== ONE_HOST_REGIONS_NAME;
  const regional = Object.entries(peaks).filter(([name]) => grouped(name) && !name.startsWith(SHARD_HOST));
  const shardHosts = Object.entries(peaks).filter(([name]) => name.startsWith(SHARD_HOST));
  const rows = Object.entries(peaks)
    .filter(([name]) => !grouped(name))
    .map(([name, mb]) => [name, fixed(mb, 0)]);
  const group = (label: string, entries: Array<[string, number]>) => {
    const values = entries.map(([, mb]) => mb);
    rows.push([
      label,
      `${fixed(Math.min(...values), 0)}–${fixed(Math.max(...values), 0)} each, ${fixed(
        values.reduce((a, b) => a + b, 0),
        0,
      )} together`,
    ]);
  };
  if (regional.length) group(`regional-I … XIV (${regional.length} processes)`, regional);
  if (shardHosts.length)
    group(`S5 regional-shards-1 … ${shardHosts.length} (${shardHosts.length} processes, 200 shards)`, shardHosts);
  return rows;
}

/** The report as printed and as pasted into docs/performance.md. */
export function formatReport(report: BenchReport): string {
  const { machine, settings, data } = report;
  const postgres = machine.postgres ? `, PostgreSQL ${machine.postgres}` : '';
  const busyBefore =
    machine.busyBeforeShare === undefined
      ? ''
      : `; ${fixed(machine.busyBeforeShare * 100, 0)}% busy with other work just before the run`;
  const lines = [
    '# BKN work-plan graph: benchmark',
    '',
    `date:     ${report.date}`,
    `command:  ${report.command}`,
    `machine:  ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB memory, ` +
      `node ${machine.node}${postgres}${busyBefore}`,
    data
      ? `data:     ${data.files} plan and realisation files (data/plans + \`npm run generate -- --seed 1\`), ` +
        `14 regions × 2020–2025; generated in ${fixed(data.generateSeconds, 1)} s, ` +
        `imported in ${fixed(data.importSeconds, 1)} s`
      : 'data:     not loaded',
    ...(report.connectionBudget ? [describeConnections(report.connectionBudget)] : []),
    'processes: every service, the monolith and the ideal client with NODE_ENV=production, as the image runs them; ' +
      `the gateways and the monolith with ${GATEWAY_NODE_FLAGS.join(' ')}`,
    `load:     autocannon (S2/S3 ideal client: its own loop), ${settings.connections} connections unless the run ` +
      `says otherwise; every process primed first (5 loads × ${settings.primeS} s), ` +
      `then ${settings.warmupS} s warm-up and ${settings.durationS} s measured per run`,
    'security: every subgraph answers only requests signed with SUBGRAPH_SECRET (new each run); ' +
      'the gateways sign theirs, and the direct runs and the ideal client sign',
    '          theirs with the same function. The gateway of every scenario runs as before issue 9: ' +
      'AUTH_MODE=off, RATE_LIMIT=off, operation limits out of the way.',
    'entity cache: every gateway runs with its entity cache off (ENTITY_CACHE_MB=0), except the runs named ' +
      '"…, entity cache on" and S5',
    "          (ENTITY_CACHE_MB unset: the gateway's default, on), whose gateway was primed with the same loads. " +
      'Section "Entity cache" below.',
    '',
    'Each run is one continuous load: the warm-up, then the measured window, ' +
      'with the connections busy across both edges.',
    'req/s, p50, p99: requests answered (HTTP 2xx) inside the window. CPU: utime+stime from /proc/<pid>/stat at ' +
      'the window edges ÷',
    'the requests answered in it; "front" is the process that took the requests (gateway, ' +
      'monolith or ideal client), "subgraphs"',
    'national + the 14 regional services, "PostgreSQL" the backends of the bench database, ' +
      '"load gen" the bench process (autocannon),',
    'which shares the two cores. "other load": the share of the machine (all cores) busy with anything else ' +
      'during the window',
    '(other jobs on a shared machine); runs with much of it are not comparable. Peak RSS: ' +
      'VmHWM (reset per run) or sampled VmRSS.',
    '',
    table(
      [
        'scenario',
        'run',
        'conns',
        'req/s',
        'p50 ms',
        'p99 ms',
        'errors',
        'front CPU ms/req',
        'subgraphs CPU ms/req',
        'PostgreSQL CPU ms/req',
        'load gen CPU ms/req',
        'other load',
        'front peak RSS MB',
        'subgraph peak RSS MB (max / sum)',
      ],
      measurementRows(report.measurements),
      [false, false, true, true, true, true, true, true, true, true, true, true, true, true],
    ),
  ];
  for (const measurement of report.measurements) {
    const { graphqlErrors, failedRequests, firstError } = measurement.load;
    if (graphqlErrors + failedRequests > 0)
      lines.push(
        '',
        `${measurement.scenario} ${measurement.run}: ${graphqlErrors} answers with GraphQL errors, ` +
          `${failedRequests} failed requests; the first: ${firstError ?? '(none kept)'}`,
      );
  }
  const busy = report.measurements.filter((measurement) => measurement.otherLoadShare > OTHER_LOAD_LIMIT);
  if (busy.length) {
    lines.push(
      '',
      `WARNING: ${busy.length} of ${report.measurements.length} runs shared the machine with other work (more ` +
        `than ${OTHER_LOAD_LIMIT * 100}% of it busy outside the bench: ` +
        `${busy.map((measurement) => `${measurement.scenario} ${measurement.run}`).join(', ')}); ` +
        'their figures and the ratios built on them are not representative. Rerun on a quiet machine.',
    );
  }
  if (report.cache && !report.cache.available) lines.push('', `S4: not available: ${report.cache.reason}.`);
  if (report.cache?.available && report.cache.note) lines.push('', `S4: ${report.cache.note}.`);
  if (report.fanOut) {
    const { shards, syntheticShards, hosts, hostsReadySeconds, files, generateSeconds, importSeconds } = report.fanOut;
    lines.push(
      '',
      `S5: ${shards} shards (the 14 offices + SYNTHETIC_SHARDS=${syntheticShards}, ` +
        `XV … CC) in ${hosts} regional processes (REGIONS=…, a port and a schema per shard), ` +
        `its own national and gateway; the hosts created the schemas in ${fixed(hostsReadySeconds, 1)} s; ` +
        `${files} synthetic-shard files generated in ${fixed(generateSeconds, 1)} s, ` +
        `imported in ${fixed(importSeconds, 1)} s. ` +
        'Subgraph columns of S5 rows: national + the shard processes.',
    );
  }
  if (report.exports)
    lines.push(
      '',
      `Export (GET ${report.exports.path}, one request at a time, on the gateway of the topology): ` +
        `${formatExportLine(report.exports)}.`,
    );
  lines.push('', ...formatEntityCache(report.measurements));
  if (report.security) lines.push('', ...formatSecurity(report.security));
  if (report.fanOut) {
    const { dearestPrice, defaultCostLimit } = report.fanOut;
    const verdict = dearestPrice <= defaultCostLimit ? 'within the default LIMIT_COST' : 'over the default LIMIT_COST';
    lines.push(
      '',
      `S5: the dearest question at 200 shards is priced ${dearestPrice}, ${verdict} of ${defaultCostLimit} (the ` +
        'S5 gateway runs with its limits out of the way).',
    );
  }
  lines.push(
    '',
    '## Targets',
    '',
    table(
      ['scenario', 'target', 'figure', 'result'],
      report.targets.map((target) => [
        target.scenario,
        target.target,
        target.figure,
        target.status === 'MISS' ? `MISS: ${target.shortBy}` : target.status,
      ]),
      [false, false, false, false],
    ),
  );
  lines.push(
    '',
    '## Peak RSS per process (MB, highest over the runs it took part in)',
    '',
    table(['process', 'peak RSS MB'], rssRows(report.peakRssMb), [false, true]),
  );
  if (report.failure) lines.push('', `The run stopped early: ${report.failure}`);
  return lines.join('\n');
}

/**
 * Issue 13's section: per gateway run, whether its entity cache was on, the regional requests and their CPU, and
 * the cache's lookups in the window, from the gateway's /metrics ("not measured" where it has no such metric).
 */
function formatEntityCache(measurements: readonly Measurement[]): string[] {
  // The runs whose gateway's counters were read (not S1's in turns, whose CPU columns are shared by three).
  const counted = measurements.filter((measurement) => measurement.gateway !== undefined);
  const lines = [
    '## Entity cache and regional requests (issue 13)',
    '',
    "Read from the gateway's GET /metrics at the window's edges: bkn_gateway_subgraph_requests_total of the " +
      'sharded subgraph (every region), and bkn_entity_cache_lookups_total',
    'by result (hits, misses: the regional subgraph, one per entity; national: the same cache keeping national ' +
      "answers whole) and bkn_entity_cache_bytes (at the window's end).",
    "Regional CPU: the regional processes' utime+stime over the window.",
    `Regional CPU per _entities request before issue 13 (docs/performance.md, 3fbcc49; the subgraphs' CPU per ` +
      `question ÷ its 16 subgraph requests): S2 ${fixed(ENTITIES_REQUEST_CPU_BEFORE_MS.S2, 2)} ms, ` +
      `S3 ${fixed(ENTITIES_REQUEST_CPU_BEFORE_MS.S3, 2)} ms.`,
    '',
  ];
  if (!counted.length) return [...lines, 'No run through a gateway.'];
  lines.push(
    table(
      [
        'scenario',
        'run',
        'entity cache',
        'regional HTTP requests per question',
        "operations' regional requests per question",
        'regional CPU ms per question',
        'regional CPU ms per HTTP request',
        "regional CPU ms per operation's request",
        'hits',
        'misses',
        'hit ratio',
        'lookups per question',
        'national hits / misses',
        'cache MB at the end',
      ],
      counted.map((measurement) => {
        const cache = measurement.gateway?.entityCache;
        const lookups = cache ? (cache.hits + cache.misses) / measurement.load.requests : Number.NaN;
        return [
          measurement.scenario,
          measurement.run,
          ENTITY_CACHE_ON_GATEWAYS.has(measurement.front ?? '') ? 'on' : 'off',
          fixed(regionalRequestsPerQuestion(measurement), 1),
          fixed(operationRequestsPerQuestion(measurement), 1),
          fixed(measurement.cpuMsPerRequest.regions, 2),
          fixed(regionalCpuMsPerRegionalRequest(measurement), 2),
          fixed(regionalCpuMsPerOperationRequest(measurement), 2),
          cache ? String(cache.hits) : 'not measured',
          cache ? String(cache.misses) : 'not measured',
          percent(entityCacheHitRatio(measurement)),
          fixed(lookups, 1),
          cache ? `${cache.national.hits} / ${cache.national.misses}` : 'not measured',
          fixed(cache?.bytes === null || cache?.bytes === undefined ? Number.NaN : cache.bytes / 1_048_576, 1),
        ];
      }),
      [false, false, false, true, true, true, true, true, true, true, true, true, true, true],
    ),
  );
  return lines;
}

/** The security section: how the two gateways differ, the in-process figures, on against off. */
function formatSecurity(security: SecurityReport): string[] {
  const { inProcess, overheads = [] } = security;
  const lines = [
    '## Security overhead (issue 9)',
    '',
    `"…${IN_TURNS_ON}": a second gateway over the same subgraphs with everything on: ` +
      'AUTH_MODE=required with an analyst API key the bench created in a',
    'temporary API_KEYS_FILE (sent as X-API-Key); RATE_LIMIT=on with a budget of ' +
      `${security.analystPointsPerMinute.toLocaleString('en')} points a minute (an S1 question is priced ` +
      `${inProcess.s1Price},`,
    `${inProcess.s1Points} points; the most any run charged was ${fixed(security.maxPointsPerMinute, 0)} a ` +
      'minute, so the load is never refused); the default operation limits; signed subgraph calls.',
    `"…${IN_TURNS_CONTROL}": a third gateway, with security off like the first: ` +
      'what two identical gateway processes differ by (the resolution);',
    'the security on is compared with the mean of the two.',
    `The three are asked in turns at one connection ("…${IN_TURNS_OFF}" / on / control: ` +
      'one request in flight at a time, the same questions to each, as many in a row as the targets say',
    '(--turn-length), the order turning each round), right after the priming, which gave each of them the same loads; ' +
      'so they see the machine, the subgraphs and the',
    'questions in the same state (two runs one after the other differ by more than the target).',
    `In the same turns the same questions go straight to the region ("…${IN_TURNS_DIRECT}", its entity fetch, ` +
      'signed): what the gateway adds at one connection is judged against it.',
    'The gateway with security off signs its subgraph calls too and prices every operation (against limits it ' +
      'never reaches): the runs cannot show those',
    `parts, measured here in this process instead (${inProcess.iterations} iterations each, after a tenth as warm-up):`,
    `signing one ${inProcess.signedBodyBytes}-byte S1 subgraph request ${fixed(inProcess.signUs, 1)} µs, ` +
      `verifying it as a subgraph does ${fixed(inProcess.verifyUs, 1)} µs (together ` +
      `${fixed(inProcess.signUs + inProcess.verifyUs, 1)} µs per subgraph request);`,
    'admission (depth, aliases, directives, root fields, price) of region(code){plan} ' +
      `${fixed(inProcess.admitUs.regionPlan, 1)} µs, of plan(region, year) ` +
      `${fixed(inProcess.admitUs.planRoot, 1)} µs.`,
    '',
  ];
  if (!overheads.length) return [...lines, 'On against off: not measured (S1 did not run both).'];
  lines.push(
    table(
      [
        'asked, 1 connection, in turns',
        'p50 off / control ms',
        'p50 on ms',
        'p50 on − mean off ms',
        'p99 off / control ms',
        'p99 on ms',
        'p99 on − mean off ms',
        'gateway CPU ms/req off / control / on',
        'p50 control − off ms',
        'in both, per question ms',
        'total p50 added ms',
      ],
      overheads.map((overhead) => [
        overhead.asked,
        `${fixed(overhead.off.p50Ms, 2)} / ${fixed(overhead.control.p50Ms, 2)}`,
        fixed(overhead.on.p50Ms, 2),
        fixed(overhead.addedP50Ms, 2),
        `${fixed(overhead.off.p99Ms, 2)} / ${fixed(overhead.control.p99Ms, 2)}`,
        fixed(overhead.on.p99Ms, 2),
        fixed(overhead.addedP99Ms, 2),
        `${fixed(overhead.off.gatewayCpuMs, 2)} / ${fixed(overhead.control.gatewayCpuMs, 2)} / ` +
          `${fixed(overhead.on.gatewayCpuMs, 2)}`,
        fixed(overhead.controlP50Ms, 2),
        `${fixed(overhead.inBothMs, 3)} (${overhead.subgraphRequests} signed ` +
          `request${overhead.subgraphRequests === 1 ? '' : 's'} + admission)`,
        fixed(overhead.totalP50Ms, 2),
      ]),
      [false, true, true, true, true, true, true, true, true, true, true],
    ),
  );
  return lines;
}

export function writeReport(path: string, report: BenchReport): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

function describeConnections(budget: ConnectionBudget): string {
  const server = `max_connections ${budget.maxConnections} (${budget.inUse} in use at the start)`;
  if (budget.poolMaxPerService < SERVICE_POOL_MAX) {
    return (
      `database: one PostgreSQL database, a schema per service; each subgraph's pg pool capped at ` +
      `${budget.poolMaxPerService} (code: ${SERVICE_POOL_MAX}) to stay within ${server}; ` +
      `the monolith keeps ${SERVICE_POOL_MAX}`
    );
  }
  return (
    `database: one PostgreSQL database, a schema per service; every service and the monolith with the code's pg ` +
    `pool of ${SERVICE_POOL_MAX}; ${server}`
  );
}
