import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { compiledModuleOf } from './compiled-services.ts';

/**
 * Every process the bench starts, so that all of them are stopped at the end, on an error and on Ctrl-C.
 * Services are started as `node <compiled file>`, from the bench's build of the project (scripts/build.mjs, as
 * the image runs them), so that the pid is the server itself (no npm wrapper in between) and /proc/<pid>
 * describes the process that does the work.
 */
export class ChildProcesses {
  private readonly running = new Map<number, { child: ChildProcess; name: string; group: boolean }>();

  /**
   * `profile`: the node processes started by startNode whose name it lists write V8 CPU profiles into its directory
   * when they exit.
   */
  constructor(
    private readonly logDirectory: string,
    /** The directory scripts/build.mjs compiled the project into (compiled-services.ts). */
    private readonly build: string,
    private readonly profile?: { directory: string; processes: readonly string[] },
  ) {}

  logFile(name: string): string {
    return join(this.logDirectory, `${name}.log`);
  }

  /** Starts a long-running process; its stdout and stderr go to <logDirectory>/<name>.log. */
  start(
    name: string,
    command: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; group?: boolean; ipc?: boolean } = {},
  ): ChildProcess {
    const log = openSync(this.logFile(name), 'a');
    const spawnOptions: SpawnOptions = {
      env: { ...process.env, ...options.env },
      stdio: options.ipc ? ['ignore', log, log, 'ipc'] : ['ignore', log, log],
      // Its own process group, so that a wrapper (npm → sh → tsx → node) is stopped with all it started.
      detached: options.group ?? false,
    };
    const child = spawn(command, args, spawnOptions);
    closeSync(log);
    if (child.pid === undefined) throw new Error(`could not start ${name} (${command} ${args.join(' ')})`);
    const pid = child.pid;
    this.running.set(pid, { child, name, group: options.group ?? false });
    child.once('exit', () => this.running.delete(pid));
    return child;
  }

  /**
   * A TypeScript entry point (`gateway/main.ts`) as its own node process, run from its compiled module, in
   * production mode unless `env` says otherwise; `preload` modules (TypeScript too) run before it (`--import`).
   */
  startNode(
    name: string,
    file: string,
    env: NodeJS.ProcessEnv,
    options: { ipc?: boolean; preload?: string[]; nodeFlags?: string[] } = {},
  ): ChildProcess {
    const preload = (options.preload ?? []).flatMap((module) => ['--import', compiledModuleOf(this.build, module)]);
    // A directory per process; in it node names the profile CPU.<date>.<time>.<pid>.<thread>.<n>.
    const profile = this.profile?.processes.includes(name)
      ? ['--cpu-prof', `--cpu-prof-dir=${join(this.profile.directory, name)}`]
      : [];
    return this.start(
      name,
      process.execPath,
      [...(options.nodeFlags ?? []), ...profile, ...preload, compiledModuleOf(this.build, file)],
      {
        // As the image runs them (the Dockerfile's NODE_ENV=production): graphql-js, express and Apollo Server
        // on their production paths. graphql-js's development instanceOf alone was 2.9% of national's CPU in S2.
        env: { NODE_ENV: 'production', ...env },
        ipc: options.ipc,
      },
    );
  }

  /** Runs a command to its end (output to its log file); rejects with the log's tail when it fails. */
  async run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
    const child = this.start(name, command, args, { env, group: true });
    const code = await exited(child);
    if (code !== 0)
      throw new Error(
        `${name} (${command} ${args.slice(0, 4).join(' ')}${args.length > 4 ? ' …' : ''}) exited with ` +
          `${code}:\n${this.logTail(name)}`,
      );
  }

  logTail(name: string, lines = 15): string {
    try {
      return readFileSync(this.logFile(name), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** SIGTERM (SIGINT for a group, which is what npm passes on), then SIGKILL whatever is left after `graceMs`. */
  async stop(child: ChildProcess, graceMs = 5_000): Promise<void> {
    const entry = child.pid === undefined ? undefined : this.running.get(child.pid);
    if (!entry) return;
    signal(entry, entry.group ? 'SIGINT' : 'SIGTERM');
    const stopped = await Promise.race([exited(child).then(() => true), delay(graceMs).then(() => false)]);
    if (!stopped) {
      signal(entry, 'SIGKILL');
      await exited(child);
    } else if (entry.group) {
      // The wrapper may have left before what it started: end the rest of its group.
      signal(entry, 'SIGKILL');
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.values()].map(({ child }) => this.stop(child)));
  }

  /** Last resort on process exit, when nothing asynchronous can run any more. */
  killAllNow(): void {
    for (const entry of this.running.values()) signal(entry, 'SIGKILL');
  }
}

function signal(entry: { child: ChildProcess; group: boolean }, name: NodeJS.Signals): void {
  const pid = entry.child.pid;
  if (pid === undefined) return;
  try {
    if (entry.group) process.kill(-pid, name);
    else entry.child.kill(name);
  } catch {
    // Already gone.
  }
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether nothing listens on `port` of 127.0.0.1 right now. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Ports this process has handed out. A child binds its port seconds after it was given it (a service starts,
 * migrates, then listens), and until then the port looks free: a second probe could hand it to another
 * service, which then answers with the first one's listener (seen as WRONG_REGION in S2).
 */
const handedOut = new Set<number>();

/**
 * `count` consecutive ports nothing listens on right now and none handed out before (a process serving several
 * regions binds PORT, PORT+1, …), below the kernel's ephemeral range (32768 and up by default), where outgoing
 * connections would take them while a service is still starting.
 */
export async function findFreePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = 20_000 + Math.floor(Math.random() * (12_000 - count));
    let free = true;
    for (let port = first; free && port < first + count; port++)
      free = !handedOut.has(port) && (await portIsFree(port));
    if (free) {
      for (let port = first; port < first + count; port++) handedOut.add(port);
      return first;
    }
  }
  throw new Error(`found no ${count} consecutive free ports between 20000 and 32000 in 50 attempts`);
}

/** A port nothing listens on right now, and not handed out before; the service binds it moments later. */
export function findFreePort(): Promise<number> {
  return findFreePortRange(1);
}

/** Polls `url` until it answers 2xx; fails early when `child` exits, and after `timeoutMs`. */
export async function waitUntilAnswering(
  url: string,
  child: ChildProcess | undefined,
  timeoutMs: number,
  describeFailure: () => string,
): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null))
      throw new Error(
        `${url}: the process exited (${child.exitCode ?? child.signalCode}) before answering:\n${describeFailure()}`,
      );
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return performance.now() - started;
    } catch {
      // Not listening yet.
    }
    if (performance.now() - started > timeoutMs)
      throw new Error(`${url} did not answer within ${timeoutMs / 1000} s:\n${describeFailure()}`);
    await delay(50);
  }
}
