import { GraphQLError } from 'graphql';
import { graphQLError } from '../errors/error-codes.ts';

/**
 * SQLSTATEs that say the server, not the statement, failed: class 08 (connection exception), 57P01–57P03
 * (administrator shutdown, crash shutdown, cannot connect now: starting up or shutting down), 53300 (too many
 * connections).
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);
// pg's own messages, which carry no code.
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
];

/** True when `error` (or its cause) means the database cannot be reached, not that a statement was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof GraphQLError && current.extensions.code === 'DATABASE_UNAVAILABLE') return true;
    const code = (current as { code?: unknown }).code;
    if (
      typeof code === 'string' &&
      (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NODE_CODES.has(code))
    )
      return true;
    if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(current.message))) return true;
  }
  return false;
}

/**
 * The registered DATABASE_UNAVAILABLE error for a connection failure; the cause stays for the log, never for the
 * client.
 */
export function databaseUnavailable(cause: unknown): GraphQLError {
  // The code (ECONNREFUSED, 57P01, …) helps whoever reads a log or a CLI's output and names no host or path.
  const code = (cause as { code?: unknown } | undefined)?.code;
  const why = typeof code === 'string' && /^[A-Z0-9_]{3,20}$/.test(code) ? ` (${code})` : '';
  const error = graphQLError('DATABASE_UNAVAILABLE', `The service cannot reach its database${why}; try again shortly`);
  error.cause = cause;
  return error;
}

/** Rethrows a connection failure as DATABASE_UNAVAILABLE, anything else as it is. */
export function asDatabaseError(error: unknown): unknown {
  return isDatabaseUnavailable(error) && !(error instanceof GraphQLError) ? databaseUnavailable(error) : error;
}

/**
 * Runs `attempt` until it succeeds, again every `retryMs` while it fails because the database cannot be reached
 * (a service may start before its database); any other failure, and `signal` aborting, reject at once.
 */
export async function retryWhileDatabaseUnavailable<Result>(
  attempt: () => Promise<Result>,
  options: { signal?: AbortSignal; retryMs?: number; onRetry?: (error: unknown) => void } = {},
): Promise<Result> {
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      return await attempt();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      options.onRetry?.(error);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.retryMs ?? 1_000);
      const stopWaiting = () => {
        clearTimeout(timer);
        resolve();
      };
      options.signal?.addEventListener('abort', stopWaiting, { once: true });
    });
  }
}
