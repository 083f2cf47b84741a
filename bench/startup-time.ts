import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OTHER_LOAD_LIMIT } from './bench-scenarios.ts';
import { findFreePort, waitUntilAnswering, type ChildProcesses } from './child-processes.ts';
import { processGroupCpuMs, readMachineCpuMs, waitForQuietMachine } from './process-stats.ts';

export const STARTUP_LIMIT_S = 5;

export interface StartupTime {
  /** The first start, which creates the data directory and loads the documents. */
  firstStartS: number;
  /** The second start, on the data directory the first one left. */
  secondStartS: number;
  /**
   * When the second start's script said "ready", by its own clock (which starts once its modules are
   * loaded); the rest of secondStartS is npm, tsx and loading the modules.
   */
  secondScriptReadyS: number | null;
  /** Share of the machine busy with other work during the timed start (see measurePhase). */
  otherLoadShare: number;
  /** Starts on the existing directory that were timed: more than one when other work disturbed the first. */
  startsOnExistingDirectory: number;
}

/**
 * `npm start` (embedded PGlite) twice on a fresh DATA_DIR: the seconds from spawning `npm start` until
 * the gateway's /health answers. The second start is the one the target is about.
 */
export async function measureEmbeddedStartup(
  children: ChildProcesses,
  runDirectory: string,
  busyRetries: number,
): Promise<StartupTime> {
  const dataDirectory = join(runDirectory, 'embedded-pglite');
  const startOnce = async (name: string) => {
    const port = await findFreePort();
    const machineBefore = readMachineCpuMs();
    const started = performance.now();
    const child = children.start(name, 'npm', ['start'], {
      env: { DATA_DIR: dataDirectory, PORT: String(port), LOG_LEVEL: 'warn' },
      group: true,
    });
    try {
      await waitUntilAnswering(`http://127.0.0.1:${port}/health`, child, 180_000, () => children.logTail(name));
      const seconds = (performance.now() - started) / 1000;
      const machineAfter = readMachineCpuMs();
      // Everything `npm start` started is in its process group, and born after machineBefore.
      const other = machineAfter.busyMs - machineBefore.busyMs - processGroupCpuMs(child.pid!);
      const ready = /\[(\d+(?:\.\d+)?) s\] ready/.exec(readFileSync(children.logFile(name), 'utf8'));
      return {
        seconds,
        scriptReadyS: ready ? Number(ready[1]) : null,
        otherLoadShare: Math.max(0, other / Math.max(1, machineAfter.totalMs - machineBefore.totalMs)),
      };
    } finally {
      await children.stop(child, 15_000);
    }
  };
  const first = await startOnce('npm-start-first');
  let second = await startOnce('npm-start-second');
  let starts = 1;
  for (let retry = 0; retry < busyRetries && second.otherLoadShare > OTHER_LOAD_LIMIT; retry++) {
    await waitForQuietMachine(0.1, 90_000);
    const again = await startOnce(`npm-start-again-${retry + 1}`);
    starts++;
    if (again.otherLoadShare < second.otherLoadShare) second = again;
  }
  return {
    firstStartS: first.seconds,
    secondStartS: second.seconds,
    secondScriptReadyS: second.scriptReadyS,
    otherLoadShare: second.otherLoadShare,
    startsOnExistingDirectory: starts,
  };
}
