import autocannon from 'autocannon';
import { summariseLatencies, type LatencySummary } from './latency-summary.ts';

export interface LoadResult extends LatencySummary {
  /** Answers that were HTTP 2xx but carried GraphQL `errors` (warm-up included). */
  graphqlErrors: number;
  /** Non-2xx answers, connection errors and timeouts (warm-up included). */
  failedRequests: number;
  /** The first answer with errors, cut short: what went wrong, for the report. */
  firstError?: string;
}

/** Called when the measured window opens and closes, while the load keeps running through both edges. */
export interface MeasuredWindow {
  start(): void;
  end(): void;
}

export interface LoadOptions {
  /** One URL, or several (autocannon spreads the connections over them, connection i on url i mod n). */
  urls: string[];
  /** The request bodies to cycle through, per target port; each connection takes the next one of its port. */
  bodiesByPort: ReadonlyMap<number, readonly string[]>;
  connections: number;
  /** Headers of each request, from its body: an API key for a gateway, a fresh signature for a subgraph. */
  headersFor?: (body: string) => Record<string, string>;
}

/**
 * Keeps `connections` requests in flight for warmupS + durationS seconds in one autocannon run, and
 * measures only the window after the warm-up: answers completed inside it, their latency (autocannon's
 * per-response hrtime, which keeps fractions of a millisecond), and `window` is told its edges so that
 * CPU is read there too. One continuous run, because a closed loop started from idle loses the answers
 * still in flight at its deadline: with 14 connections and answers taking 2 s, a 10 s run from idle
 * under-counts throughput by a fifth.
 * Bodies: autocannon `requests` with a `setupRequest` that takes the next pre-built body of its port (and
 * builds each request anew, so a signature made there is fresh and used once).
 */
export function loadWithAutocannon(
  options: LoadOptions & { warmupS: number; durationS: number; window?: MeasuredWindow },
): Promise<LoadResult> {
  const next = new Map<number, number>();
  const latencies: number[] = [];
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;
  let graphqlErrors = 0;
  let firstError: string | undefined;

  const bodyFor = (port: number): string => {
    const bodies = options.bodiesByPort.get(port);
    if (!bodies?.length)
      throw new Error(`no request bodies for port ${port}; have ${[...options.bodiesByPort.keys()].join(', ')}`);
    const index = next.get(port) ?? 0;
    next.set(port, index + 1);
    return bodies[index % bodies.length]!;
  };

  return new Promise((resolve, reject) => {
    const timers: NodeJS.Timeout[] = [];
    const instance = autocannon(
      {
        // autocannon accepts a list of URLs; its type declarations know only one.
        url: (options.urls.length === 1 ? options.urls[0] : options.urls) as string,
        connections: options.connections,
        // A little past the window, so that autocannon is still loading when the window closes.
        duration: options.warmupS + options.durationS + 0.5,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            path: '/graphql',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            setupRequest: (request) => {
              const body = bodyFor(Number((request as { port?: unknown }).port));
              return options.headersFor
                ? { ...request, body, headers: { ...request.headers, ...options.headersFor(body) } }
                : { ...request, body };
            },
            onResponse: (status, body) => {
              if (status >= 200 && status < 300 && body.includes('"errors"')) {
                graphqlErrors++;
                firstError ??= body.slice(0, 500);
              } else if (status >= 300) {
                firstError ??= `HTTP ${status}: ${body.slice(0, 500)}`;
              }
            },
          },
        ],
      },
      (error, result) => {
        for (const timer of timers) clearTimeout(timer);
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        if (!Number.isFinite(windowEnd))
          return reject(new Error(`autocannon stopped after ${result.duration} s, before the measured window closed`));
        resolve({
          ...summariseLatencies(latencies, (windowEnd - windowStart) / 1000),
          graphqlErrors,
          failedRequests: result.non2xx + result.errors,
          ...(firstError ? { firstError } : {}),
        });
      },
    );
    // A connection error or timeout has no response: keep its message, or the report can only count it.
    instance.on('reqError', (error: Error) => {
      firstError ??= `request failed: ${error.message}`;
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      const now = performance.now();
      if (statusCode >= 200 && statusCode < 300 && now >= windowStart && now <= windowEnd) latencies.push(responseTime);
    });
    timers.push(
      setTimeout(() => {
        windowStart = performance.now();
        options.window?.start();
      }, options.warmupS * 1000),
      setTimeout(
        () => {
          windowEnd = performance.now();
          options.window?.end();
        },
        (options.warmupS + options.durationS) * 1000,
      ),
    );
  });
}
