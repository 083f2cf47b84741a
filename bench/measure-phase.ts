import type { GatewayCounts } from './gateway-counters.ts';
import type { LoadResult, MeasuredWindow } from './load-with-autocannon.ts';
import {
  cpuBetween,
  cpuSnapshot,
  PeakRssTracker,
  PostgresCpuMeter,
  readMachineCpuMs,
  waitUntilIdle,
} from './process-stats.ts';

/** One measured load: what the client saw, and what it cost each process. */
export interface Measurement {
  scenario: string;
  /** e.g. "gateway", "direct", "monolith", "ideal client". */
  run: string;
  /** What was loaded, in words. */
  target: string;
  connections: number;
  /** How many distinct request bodies the load cycled through. */
  distinctQuestions: number;
  /** Asked in turns with other servers: how many requests in a row each got in its turn. */
  turnLength?: number;
  load: LoadResult;
  /**
   * The process that took the requests (gateway, monolith, ideal client); none when the load went straight to the
   * subgraphs.
   */
  front?: string;
  /** CPU over the measured window ÷ the requests answered in it. */
  cpuMsPerRequest: {
    /** The front process. */
    front: number | null;
    /** national + the 14 regional services. */
    subgraphs: number;
    national: number;
    regions: number;
    /** The PostgreSQL backends of the bench database. */
    postgres: number;
    /** The bench process itself (autocannon), for reference: it shares the machine's two cores. */
    loadGenerator: number;
  };
  /** CPU ms over the whole measured phase, per process, and `postgres` for the database's backends. */
  cpuMs: Record<string, number>;
  /**
   * Share of the machine's CPU (all cores) busy with something other than the bench's processes, the
   * database's backends and the bench itself during the window: other jobs on a shared machine. The
   * figures of a run with a high share are not comparable with others.
   */
  otherLoadShare: number;
  /** Peak RSS in MB during the measured phase, per process. */
  peakRssMb: Record<string, number>;
  /**
   * When the front is a gateway: its regional requests and entity cache lookups inside the window, from its
   * /metrics; absent when they could not be read.
   */
  gateway?: GatewayCounts;
}

export interface PhaseProcesses {
  /** Every process to read CPU and RSS of, by name (the subgraphs named "national" and "regional-<code>"). */
  watched: ReadonlyMap<string, number>;
  front?: string;
  /** The database whose PostgreSQL backends' CPU is counted. */
  database: string;
}

/**
 * Runs `phase` once the processes are idle (the previous phase's abandoned requests finished), and reads
 * every watched process's CPU time at the edges of its measured window, while the load runs through
 * them: in a steady state the work in flight at the two edges cancels out. Peak RSS covers the whole run.
 */
export async function measurePhase(
  description: Omit<Measurement, 'load' | 'cpuMsPerRequest' | 'cpuMs' | 'peakRssMb' | 'front' | 'otherLoadShare'>,
  processes: PhaseProcesses,
  phase: (window: MeasuredWindow) => Promise<LoadResult>,
): Promise<Measurement> {
  await waitUntilIdle([...processes.watched.values()]);
  const rss = new PeakRssTracker(processes.watched);
  const postgres = new PostgresCpuMeter(processes.database);
  let before: Map<string, number> | undefined;
  let after: Map<string, number> | undefined;
  let benchCpu: NodeJS.CpuUsage | undefined;
  let benchCpuUsed: NodeJS.CpuUsage | undefined;
  let postgresMs = Number.NaN;
  let machineBefore: ReturnType<typeof readMachineCpuMs> | undefined;
  let machineAfter: ReturnType<typeof readMachineCpuMs> | undefined;
  rss.start();
  const load = await phase({
    start() {
      benchCpu = process.cpuUsage();
      before = cpuSnapshot(processes.watched);
      postgres.start();
      machineBefore = readMachineCpuMs();
    },
    end() {
      machineAfter = readMachineCpuMs();
      after = cpuSnapshot(processes.watched);
      postgresMs = postgres.stop();
      benchCpuUsed = process.cpuUsage(benchCpu);
    },
  });
  const peakRssMb = rss.stop();
  if (!before || !after || !benchCpuUsed || !machineBefore || !machineAfter)
    throw new Error(`${description.scenario} ${description.run}: the measured window never closed`);
  const cpuMs: Record<string, number> = { ...cpuBetween(before, after), postgres: postgresMs };

  const perRequest = (ms: number) => (load.requests > 0 ? ms / load.requests : Number.NaN);
  const sumOf = (test: (name: string) => boolean) =>
    Object.entries(cpuMs).reduce((total, [name, ms]) => (test(name) ? total + ms : total), 0);
  const benchMs = (benchCpuUsed.user + benchCpuUsed.system) / 1000;
  const machineBusyMs = machineAfter.busyMs - machineBefore.busyMs;
  const machineTotalMs = machineAfter.totalMs - machineBefore.totalMs;
  const otherLoadShare =
    machineTotalMs > 0 ? Math.max(0, (machineBusyMs - sumOf(() => true) - benchMs) / machineTotalMs) : Number.NaN;
  const national = sumOf((name) => name === 'national');
  const regions = sumOf((name) => name.startsWith('regional-'));
  return {
    ...description,
    load,
    ...(processes.front ? { front: processes.front } : {}),
    cpuMsPerRequest: {
      front: processes.front ? perRequest(cpuMs[processes.front] ?? 0) : null,
      subgraphs: perRequest(national + regions),
      national: perRequest(national),
      regions: perRequest(regions),
      postgres: perRequest(postgresMs),
      loadGenerator: perRequest(benchMs),
    },
    cpuMs,
    otherLoadShare,
    peakRssMb,
  };
}
