import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A service run as its own process, as in production (`npm run serve:*`): a crash shows as an exit. */
export interface ServiceProcess {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** Null while it runs. */
  exitCode(): number | null;
  /** Resolves with the exit code and signal once it has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it wrote to stdout and stderr so far: its JSON logs, for a failed assertion's message. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs` if still running; resolves with how it exited. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** GETs `url` until it answers 200, or fails after `timeoutMs` naming the last answer. */
export async function waitFor200(url: string, timeoutMs: number, service?: ServiceProcess): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last = 'no answer';
  while (performance.now() < deadline) {
    if (service && service.exitCode() !== null)
      throw new Error(
        `${service.name} exited (${service.exitCode()}) while waiting for ${url}:\n${service.output().slice(-4000)}`,
      );
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      last = `${response.status} ${await response.text()}`;
      if (response.status === 200) return;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `${url} did not answer 200 within ${timeoutMs} ms; last: ` +
      `${last}${service ? `\n${service.output().slice(-4000)}` : ''}`,
  );
}

/**
 * Starts `script` (a service's main, e.g. subgraphs/national/main.ts) under node with tsx on a free port, as
 * its own process, and resolves once GET /live answers (not /ready: a test may want to see it unready).
 */
export async function startServiceProcess(
  name: string,
  script: string,
  env: Record<string, string>,
  options: { port?: number } = {},
): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const service: ServiceProcess = {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    exitCode: () => child.exitCode ?? (child.signalCode ? -1 : null),
    exited,
    output: () => output,
    async stop(graceMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const result = await exited;
        clearTimeout(timer);
        return result;
      }
      return exited;
    },
  };
  await waitFor200(`${service.url}/live`, 60_000, service);
  return service;
}
