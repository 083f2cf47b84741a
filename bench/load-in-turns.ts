import { Client } from 'undici';
import type { LoadResult, MeasuredWindow } from './load-with-autocannon.ts';
import { summariseLatencies } from './latency-summary.ts';

/**
 * One of the servers asked in turn: its origin, the headers every request to it carries, and where it is asked
 * the same questions in its own words (a subgraph's entity fetch for a gateway's query), its bodies, one per
 * question in the same order, and the headers of each body (a subgraph's signature, new for every request).
 */
export interface TurnTarget {
  origin: string;
  headers: Record<string, string>;
  bodies?: readonly string[];
  headersFor?: (body: string) => Record<string, string>;
}

/**
 * Asks two or more servers the same questions in turn, one request in flight at a time over one keep-alive
 * connection each: questions i … i + turnLength − 1 go to every target before the next ones, the order of the
 * targets turning each round so that none is always first (nor first with the same question). Every target then sees the machine, the
 * subgraphs and the question in the same state, so that a difference of a fraction of a millisecond between them
 * shows, where two runs one after the other differ by more than that (runs drift by milliseconds at one connection).
 * Measures only the window after `warmupS`, as loadWithAutocannon does; one result per target.
 */
export async function loadInTurns(options: {
  targets: readonly TurnTarget[];
  bodies: readonly string[];
  warmupS: number;
  durationS: number;
  /**
   * How many questions in a row each target is asked in its turn (1: one each, the targets alternating at every
   * request). A server asked one request in every four runs cold: the other processes ran on its core between
   * two of its requests, and it spends more CPU per request than one asked by a client in sequence
   * (docs/performance.md, seventh pass). A turn of several requests keeps the turns' even share of the machine's
   * drift and leaves each server less cold; it does not make it as warm as one asked without pause (turns of six:
   * 3.4-3.7 ms of gateway CPU a request, against 4.1-6.7 in turns of one and 2.0-2.5 one run after the other).
   */
  turnLength?: number;
  window?: MeasuredWindow;
}): Promise<LoadResult[]> {
  const { targets, bodies } = options;
  for (const target of targets)
    if (target.bodies && target.bodies.length !== bodies.length)
      throw new Error(
        `loadInTurns: ${target.origin} has ${target.bodies.length} bodies for ${bodies.length} questions`,
      );
  const clients = targets.map((target) => new Client(target.origin, { keepAliveTimeout: 30_000, pipelining: 1 }));
  const latencies = targets.map((): number[] => []);
  const graphqlErrors = targets.map(() => 0);
  const failedRequests = targets.map(() => 0);
  const firstErrors: Array<string | undefined> = targets.map(() => undefined);
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;
  let stopped = false;
  const opening = setTimeout(() => {
    windowStart = performance.now();
    options.window?.start();
  }, options.warmupS * 1000);
  const closing = setTimeout(
    () => {
      windowEnd = performance.now();
      options.window?.end();
      stopped = true;
    },
    (options.warmupS + options.durationS) * 1000,
  );

  const askOne = async (index: number, question: number) => {
    const target = targets[index]!;
    const body = (target.bodies ?? bodies)[question]!;
    const headers = { 'content-type': 'application/json', accept: 'application/json', ...target.headers };
    if (target.headersFor) Object.assign(headers, target.headersFor(body));
    const askedAt = performance.now();
    try {
      const response = await clients[index]!.request({
        method: 'POST',
        path: '/graphql',
        headers,
        body,
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      const text = await response.body.text();
      const answered = performance.now();
      if (response.statusCode < 200 || response.statusCode >= 300) {
        failedRequests[index]!++;
        firstErrors[index] ??= `HTTP ${response.statusCode}: ${text.slice(0, 500)}`;
        return;
      }
      if (text.includes('"errors"')) {
        graphqlErrors[index]!++;
        firstErrors[index] ??= text.slice(0, 500);
      }
      if (answered >= windowStart && answered <= windowEnd) latencies[index]!.push(answered - askedAt);
    } catch (error) {
      failedRequests[index]!++;
      firstErrors[index] ??= `request failed: ${(error as Error).message}`;
    }
  };

  const turnLength = Math.max(1, Math.floor(options.turnLength ?? 1));
  try {
    for (let round = 0; !stopped; round++) {
      const firstQuestion = round * turnLength;
      // Shifted once per pass over the questions too, so that each question comes to each target first in turn.
      const first = round + Math.floor(firstQuestion / bodies.length);
      for (let turn = 0; turn < targets.length && !stopped; turn++)
        for (let asked = 0; asked < turnLength && !stopped; asked++)
          await askOne((first + turn) % targets.length, (firstQuestion + asked) % bodies.length);
    }
  } finally {
    clearTimeout(opening);
    clearTimeout(closing);
    await Promise.all(clients.map((client) => client.close()));
  }
  const durationS = (windowEnd - windowStart) / 1000;
  return targets.map((_, index) => ({
    ...summariseLatencies(latencies[index]!, durationS),
    graphqlErrors: graphqlErrors[index]!,
    failedRequests: failedRequests[index]!,
    ...(firstErrors[index] ? { firstError: firstErrors[index] } : {}),
  }));
}
