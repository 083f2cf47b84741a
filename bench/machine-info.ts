import { availableParallelism, cpus, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import { readMachineCpuMs } from './process-stats.ts';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres?: string;
  /** How busy the machine was with other work just before the bench began (share of all cores, over 2 s). */
  busyBeforeShare?: number;
}

/** What the figures were measured on: cores, CPU model (from /proc/cpuinfo), memory, node version. */
export function readMachineInfo(): MachineInfo {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel;
  } catch {
    // Not Linux: os.cpus() is all there is.
  }
  return {
    cores: availableParallelism(),
    cpuModel,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
  };
}

/** The share of all cores busy over `ms`, before the bench starts anything: other jobs on a shared machine. */
export async function measureBusyShare(ms = 2_000): Promise<number> {
  const before = readMachineCpuMs();
  await sleep(ms);
  const after = readMachineCpuMs();
  return (after.busyMs - before.busyMs) / Math.max(1, after.totalMs - before.totalMs);
}
