import { cpus, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { REGION_CODES } from '../shared/regions/region-codes.ts';
import type { ScenarioContext } from './bench-scenarios.ts';
import { PostgresCpuMeter, readCpuMs } from './process-stats.ts';

/** What the export section measures: the full indicator export (all 14 indicators × 14 regions × every year). */
export interface ExportScenarioResult {
  path: string;
  rows: number;
  bytes: number;
  gzipBytes: number;
  /** The first request after the topology is primed (plans, JIT of the export's code). */
  firstMs: number;
  /**
   * Warm, computed each time: the same work, asked with the regions in a different order each time so no answer is
   * reused.
   */
  computedMs: number[];
  /**
   * CPU per computed export, ms, by process group: what the export costs whatever else shares the machine
   * (wall times on a busy machine are mostly waiting). The regions work in parallel, the rest in turn.
   */
  cpuMsPerComputed: { gateway: number; national: number; regions: number; postgres: number };
  /** The same question again in one data version: the answer kept under its tag (export-body-cache.ts). */
  repeatedMs: number[];
  /** If-None-Match with the tag: 304 before anything is computed. */
  notModifiedMs: number[];
  /** 1-minute load average per core at the end: above ~1, other work shared the machine. */
  loadPerCore: number;
}

export const EXPORT_PATH = '/export/indicators.csv';
const RUNS = 7;

export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function timed(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ ms: number; status: number; body: string; etag: string | null }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { 'accept-encoding': 'identity', ...headers } });
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, body, etag: response.headers.get('etag') };
}

/** The regions rotated by `turn`: the same grid, the rows in another order, so a different question to the cache. */
const rotatedRegions = (turn: number) => [...REGION_CODES.slice(turn), ...REGION_CODES.slice(0, turn)].join(',');

export async function runExportScenario(context: ScenarioContext): Promise<ExportScenarioResult> {
  const origin = context.topology.gateway.origin;
  context.log(
    `export: GET ${EXPORT_PATH} (all indicators, regions, years): first, ${RUNS} computed, ${RUNS} repeated, ` +
      `${RUNS} revalidated`,
  );
  const first = await timed(`${origin}${EXPORT_PATH}`);
  if (first.status !== 200 || !first.etag)
    throw new Error(`export: ${EXPORT_PATH} answered ${first.status}: ${first.body.slice(0, 300)}`);
  const computedMs: number[] = [];
  const { gateway, national, regions } = context.topology;
  const groups = {
    gateway: [gateway.pid],
    national: [national.pid],
    regions: [...regions.values()].map((region) => region.pid),
  };
  const cpuOf = (pids: number[]) => pids.reduce((total, pid) => total + (readCpuMs(pid) ?? 0), 0);
  const before = { gateway: cpuOf(groups.gateway), national: cpuOf(groups.national), regions: cpuOf(groups.regions) };
  const postgres = new PostgresCpuMeter(context.database);
  postgres.start();
  for (let turn = 1; turn <= RUNS; turn += 1) {
    const answer = await timed(`${origin}${EXPORT_PATH}?regions=${rotatedRegions(turn)}`);
    if (answer.status !== 200) throw new Error(`export: computed run answered ${answer.status}`);
    computedMs.push(answer.ms);
  }
  const cpuMsPerComputed = {
    gateway: (cpuOf(groups.gateway) - before.gateway) / RUNS,
    national: (cpuOf(groups.national) - before.national) / RUNS,
    regions: (cpuOf(groups.regions) - before.regions) / RUNS,
    postgres: postgres.stop() / RUNS,
  };
  const repeatedMs: number[] = [];
  const notModifiedMs: number[] = [];
  for (let turn = 0; turn < RUNS; turn += 1) {
    repeatedMs.push((await timed(`${origin}${EXPORT_PATH}`)).ms);
    const revalidated = await timed(`${origin}${EXPORT_PATH}`, { 'if-none-match': first.etag });
    if (revalidated.status !== 304)
      throw new Error(`export: If-None-Match answered ${revalidated.status}, expected 304`);
    notModifiedMs.push(revalidated.ms);
  }
  const result: ExportScenarioResult = {
    path: EXPORT_PATH,
    rows: first.body.trimEnd().split('\n').length - 1,
    bytes: Buffer.byteLength(first.body),
    gzipBytes: gzipSync(first.body).length,
    firstMs: first.ms,
    computedMs,
    cpuMsPerComputed,
    repeatedMs,
    notModifiedMs,
    loadPerCore: loadavg()[0]! / Math.max(1, cpus().length),
  };
  context.log(`export: ${formatExportLine(result)}`);
  return result;
}

export function formatExportLine(result: ExportScenarioResult): string {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  return (
    `${result.rows} rows, ${(result.bytes / 1024).toFixed(0)} KB (${(result.gzipBytes / 1024).toFixed(0)} KB ` +
    `gzip); first ${ms(result.firstMs)}; ` +
    `computed warm median ${ms(median(result.computedMs))} (min ${ms(Math.min(...result.computedMs))}), ` +
    `CPU per computed export: gateway ${ms(result.cpuMsPerComputed.gateway)}, ` +
    `national ${ms(result.cpuMsPerComputed.national)}, ` +
    `14 regions ${ms(result.cpuMsPerComputed.regions)}, PostgreSQL ${ms(result.cpuMsPerComputed.postgres)}; ` +
    `repeated median ${ms(median(result.repeatedMs))}; ` +
    `304 median ${median(result.notModifiedMs).toFixed(1)} ms; load per core ${result.loadPerCore.toFixed(2)}`
  );
}
