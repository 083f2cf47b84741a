import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (CLK_TCK, 100 on Linux almost everywhere). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time the process has used so far, in ms; undefined when it is gone. */
export function readCpuMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces; fields are counted after its ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

function readStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Peak resident memory of a set of processes over one phase: the kernel's high-water mark (VmHWM), reset
 * at the start through /proc/<pid>/clear_refs where allowed, and VmRSS sampled as well in case it is not.
 */
export class PeakRssTracker {
  private readonly peakKb = new Map<string, number>();
  private readonly resetWorked = new Map<string, boolean>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pids: ReadonlyMap<string, number>) {}

  start(sampleEveryMs = 250): void {
    for (const [name, pid] of this.pids) {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
        this.resetWorked.set(name, true);
      } catch {
        this.resetWorked.set(name, false);
      }
    }
    this.sample();
    this.timer = setInterval(() => this.sample(), sampleEveryMs);
    this.timer.unref();
  }

  private sample(): void {
    for (const [name, pid] of this.pids) {
      const rss = readStatusKb(pid, 'VmRSS');
      if (rss !== undefined) this.peakKb.set(name, Math.max(this.peakKb.get(name) ?? 0, rss));
    }
  }

  /** Peak RSS per process name, in MB. */
  stop(): Record<string, number> {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const peaks: Record<string, number> = {};
    for (const [name, pid] of this.pids) {
      const sampled = this.peakKb.get(name) ?? 0;
      const highWater = this.resetWorked.get(name) ? (readStatusKb(pid, 'VmHWM') ?? 0) : 0;
      peaks[name] = Math.round(Math.max(sampled, highWater) / 102.4) / 10;
    }
    return peaks;
  }
}

/** The lifetime peak (VmHWM) of a process, in MB; undefined when it is gone. */
export function readLifetimePeakRssMb(pid: number): number | undefined {
  const kb = readStatusKb(pid, 'VmHWM');
  return kb === undefined ? undefined : Math.round(kb / 102.4) / 10;
}

/** CPU ms used by each named process between two snapshots. */
export function cpuSnapshot(pids: ReadonlyMap<string, number>): Map<string, number> {
  const snapshot = new Map<string, number>();
  for (const [name, pid] of pids) {
    const ms = readCpuMs(pid);
    if (ms !== undefined) snapshot.set(name, ms);
  }
  return snapshot;
}

export function cpuBetween(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [name, end] of after) {
    const start = before.get(name);
    if (start !== undefined) used[name] = end - start;
  }
  return used;
}

/** Pids of the PostgreSQL backends serving `database` ("postgres: 15/main: bkn bkn_bench 127.0.0.1(…) idle"). */
export function postgresBackendPids(database: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (commandLine.startsWith('postgres: ') && commandLine.includes(` ${database} `)) pids.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return pids;
}

/**
 * CPU of the database's backends over a phase: backends present at both ends count their difference,
 * backends born during the phase all they used. A backend that ends during the phase is lost, which the
 * pools make rare (they close a connection only after 10 s idle).
 */
export class PostgresCpuMeter {
  private before = new Map<number, number>();

  constructor(private readonly database: string) {}

  start(): void {
    this.before = new Map(
      postgresBackendPids(this.database).flatMap((pid) => {
        const ms = readCpuMs(pid);
        return ms === undefined ? [] : [[pid, ms] as const];
      }),
    );
  }

  stop(): number {
    let total = 0;
    for (const pid of postgresBackendPids(this.database)) {
      const ms = readCpuMs(pid);
      if (ms !== undefined) total += ms - (this.before.get(pid) ?? 0);
    }
    return total;
  }
}

/**
 * Waits until the processes together use less than `thresholdMs` of CPU per `windowMs`: requests a load
 * tool gave up on at its deadline are still being worked on, and must not be counted in the next phase.
 */
export async function waitUntilIdle(
  pids: readonly number[],
  options: { windowMs?: number; thresholdMs?: number; timeoutMs?: number } = {},
): Promise<boolean> {
  const { windowMs = 300, thresholdMs = 30, timeoutMs = 30_000 } = options;
  const total = () => pids.reduce((sum, pid) => sum + (readCpuMs(pid) ?? 0), 0);
  const started = performance.now();
  let last = total();
  while (performance.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const now = total();
    if (now - last < thresholdMs) return true;
    last = now;
  }
  return false;
}

/** Busy and total CPU time of the whole machine so far, in ms summed over every core (from /proc/stat). */
export function readMachineCpuMs(): { busyMs: number; totalMs: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busyMs: (busy * 1000) / TICKS_PER_SECOND, totalMs: ((busy + idle + iowait) * 1000) / TICKS_PER_SECOND };
}

/** Waits until less than `share` of the machine is busy over a 3 s window; false after `timeoutMs`. */
export async function waitForQuietMachine(share: number, timeoutMs: number): Promise<boolean> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const before = readMachineCpuMs();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const after = readMachineCpuMs();
    if ((after.busyMs - before.busyMs) / Math.max(1, after.totalMs - before.totalMs) < share) return true;
  }
  return false;
}

/** CPU ms used so far by every live process of a process group (e.g. npm and all it started). */
export function processGroupCpuMs(groupId: number): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After the command name: state, ppid, pgrp, …, utime (index 11), stime (index 12).
      if (Number(fields[2]) === groupId) total += ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}
