import { readNonNegativeInteger } from '../config/environment.ts';
import type { Logger } from '../logging/logger.ts';

/** How long a stopping process lets requests in flight finish before it cuts them (SHUTDOWN_GRACE_MS). */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
/** Closing pools and caches after the grace: past this too, the process exits 1 rather than hang. */
const CLOSE_MARGIN_MS = 5_000;

export function readShutdownGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  return readNonNegativeInteger(env, 'SHUTDOWN_GRACE_MS', DEFAULT_SHUTDOWN_GRACE_MS);
}

/**
 * The one handler of SIGINT and SIGTERM in the process (every ApolloServer runs with stopOnTerminationSignals:
 * false): on the first signal, runs the stop steps in order (servers drain first, within the grace; databases
 * last), then exits 0. The returned signal aborts when stopping starts: readiness answers 503 from then on
 * and a start still waiting for its database gives up. A second signal exits at once (1).
 */
export function stopOnSignals(
  steps: Array<() => Promise<unknown>>,
  onStop?: () => void,
  options: { logger?: Logger; graceMs?: number } = {},
): AbortSignal {
  const stopping = new AbortController();
  const graceMs = options.graceMs ?? readShutdownGraceMs();
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping.signal.aborted) {
      options.logger?.warn({ signal }, 'second signal while stopping: exiting now');
      process.exit(1);
    }
    stopping.abort(new Error(`stopping on ${signal}`));
    onStop?.();
    options.logger?.info({ signal, graceMs }, 'stopping: finishing requests in flight');
    setTimeout(() => {
      options.logger?.error({ signal, afterMs: graceMs + CLOSE_MARGIN_MS }, 'stopping took too long: exiting');
      process.exit(1);
    }, graceMs + CLOSE_MARGIN_MS).unref();
    try {
      for (const step of steps) await step();
    } catch (error) {
      options.logger?.error({ err: error }, 'a stop step failed');
      process.exit(1);
    }
    options.logger?.info({ signal }, 'stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, (received) => void stop(received));
  return stopping.signal;
}
