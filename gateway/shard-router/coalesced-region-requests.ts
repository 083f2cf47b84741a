import {
  cancelledBefore,
  SubgraphHttpError,
  type PostOptions,
  type SubgraphAnswer,
} from '../subgraph-http/post-graphql.ts';
import type { EntityRequest } from '../entity-cache/entity-cache.ts';
import { splitMergedAnswer } from './merged-entity-fetches.ts';

/**
 * The header that names the other operations of a coalesced request (their request ids, comma-separated), so that
 * each operation's log line still lists the regions it asked; `x-request-id` is the first operation's.
 */
export const COALESCED_REQUEST_IDS_HEADER = 'x-bkn-coalesced-request-ids';

/** What the queue reads of a request: its region's URL, its body, its headers, its operation's signal. */
export type CoalescibleRequest = Pick<PostOptions, 'url' | 'body' | 'headers' | 'signal' | 'service'>;

export interface CoalescingSettings<Request extends CoalescibleRequest = PostOptions> {
  /**
   * `_entities` requests of this gateway in flight to one region before the next ones wait and are coalesced
   * (REGION_REQUESTS_IN_FLIGHT); 0: none waits.
   */
  inFlightPerRegion: number;
  /**
   * When a region answers a kind with requests of that kind waiting, they wait one more round trip of that region
   * (the one just answered), at most this long, and those arriving meanwhile join them (REGION_REQUESTS_LINGER_MS);
   * 0 or undefined: they leave at once.
   */
  lingerLimitMs?: number;
  /** No coalesced request carries more representations than this (one alone may). */
  maxRepresentations: number;
  /** Sends one request to one region. */
  send: (options: Request) => Promise<SubgraphAnswer>;
  /** Told of each coalesced request: its region's URL and how many operations rode in the first one's request. */
  onCoalesced?: (url: string, riders: number) => void;
}

/** A request waiting for a place among its region's requests in flight. */
interface Waiting<Request extends CoalescibleRequest> {
  options: Request;
  size: number;
  resolve: (answer: SubgraphAnswer) => void;
  reject: (error: unknown) => void;
  /** Stops listening to the operation's signal while waiting. */
  stopWaiting: () => void;
}

/** One region's requests of one kind (coalescingKey) in flight, and those waiting. */
interface Lane<Request extends CoalescibleRequest> {
  inFlight: number;
  waiting: Array<Waiting<Request>>;
  /** The waiting ones are held a little longer after an answer (lingerLimitMs): nothing is sent meanwhile. */
  lingering: boolean;
  /** How long the region took for this lane's last request. */
  lastRoundTripMs: number;
}

/**
 * `_entities` requests of different operations to one region, coalesced while the region is busy with their kind.
 * Requests of one kind ask the same of the region but for their representations (the same query, variables but
 * the representations, caller headers). At most `inFlightPerRegion` of a kind are in flight to a region; one that
 * finds them all taken waits, and when one comes back, the waiting ones (after one more round trip of the region at
 * most, lingerOrSend) leave as one request whose representations are theirs one after the other; each gets its part
 * of the answer and of its errors (splitMergedAnswer). A request of another kind never waits behind them: a slow
 * export's request holds up no one's comparison.
 *
 * An entity's answer does not depend on the other representations of its request (the invariant that lets one
 * operation's fetches share a request, too). Under light load nothing waits; under load a region answers fewer,
 * larger requests, and what a request costs whatever its size (waking the process, HTTP, parsing, a database round
 * trip) is paid once for several operations. A waiting operation that is cancelled leaves the queue at once; a
 * coalesced request is cancelled only when every operation in it is.
 */
export class CoalescedRegionRequests<Request extends CoalescibleRequest = PostOptions> {
  /** By the region's URL and the requests' kind; a lane with nothing in flight or waiting is let go. */
  private readonly lanes = new Map<string, Lane<Request>>();

  constructor(private readonly settings: CoalescingSettings<Request>) {}

  post(options: Request): Promise<SubgraphAnswer> {
    const size = representationCount(options.body);
    // Past its deadline an operation's last calls get a short grace of their own (post-graphql.ts): never queued.
    if (size === undefined || this.settings.inFlightPerRegion === 0 || options.signal?.aborted)
      return this.settings.send(options);
    const name = `${options.url}\n${coalescingKey(options)}`;
    const lane = this.laneOf(name);
    if (lane.inFlight < this.settings.inFlightPerRegion && !lane.lingering) return this.sendOn(name, lane, options);
    return this.waitOn(lane, options, size);
  }

  private laneOf(name: string): Lane<Request> {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { inFlight: 0, waiting: [], lingering: false, lastRoundTripMs: 0 };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private sendOn(name: string, lane: Lane<Request>, options: Request): Promise<SubgraphAnswer> {
    lane.inFlight++;
    const sentAt = performance.now();
    const answer = this.settings.send(options);
    const done = (error?: unknown) => {
      lane.inFlight--;
      lane.lastRoundTripMs = performance.now() - sentAt;
      // A region that did not answer in time is hung: those waiting for it fail now rather than after their own wait.
      if (error instanceof SubgraphHttpError && error.reason === 'TIMEOUT') this.failWaiting(lane, error);
      if (!lane.lingering) this.lingerOrSend(name, lane);
    };
    answer.then(() => done(), done);
    return answer;
  }

  private waitOn(lane: Lane<Request>, options: Request, size: number): Promise<SubgraphAnswer> {
    return new Promise<SubgraphAnswer>((resolve, reject) => {
      const { signal } = options;
      const waiting: Waiting<Request> = {
        options,
        size,
        resolve,
        reject,
        stopWaiting: () => {},
      };
      if (signal) {
        const leave = () => {
          const place = lane.waiting.indexOf(waiting);
          if (place >= 0) lane.waiting.splice(place, 1);
          reject(cancelledBefore(options.service ?? 'the subgraph'));
        };
        signal.addEventListener('abort', leave, { once: true });
        waiting.stopWaiting = () => signal.removeEventListener('abort', leave);
      }
      lane.waiting.push(waiting);
    });
  }

  private failWaiting(lane: Lane<Request>, error: SubgraphHttpError): void {
    for (const waiting of lane.waiting.splice(0)) {
      waiting.stopWaiting();
      waiting.reject(error);
    }
  }

  /**
   * Under load a region is busy with a kind for about one round trip, and the operations that want it meanwhile wait.
   * Sending them the moment it answers carries as many as arrived in that round trip; holding them one round trip
   * more carries about twice as many, in one request whose fixed cost (waking the region, HTTP, parsing, a database
   * round trip) is paid once. A waiting request waits one round trip longer at most (and never past the limit); a
   * region answering fast keeps them briefly, and under light load nothing waits, so nothing lingers.
   */
  private lingerOrSend(name: string, lane: Lane<Request>): void {
    const linger = lane.waiting.length > 0 ? Math.min(this.settings.lingerLimitMs ?? 0, lane.lastRoundTripMs) : 0;
    if (linger < 1) {
      this.sendWaiting(name, lane);
      return;
    }
    lane.lingering = true;
    setTimeout(() => {
      lane.lingering = false;
      this.sendWaiting(name, lane);
    }, linger);
  }

  private sendWaiting(name: string, lane: Lane<Request>): void {
    while (lane.inFlight < this.settings.inFlightPerRegion && lane.waiting.length > 0) {
      const group = this.takeGroup(lane);
      for (const member of group) member.stopWaiting();
      if (group.length === 1) {
        const [alone] = group;
        this.sendOn(name, lane, alone!.options).then(alone!.resolve, alone!.reject);
      } else {
        this.sendCoalesced(name, lane, group);
      }
    }
    if (lane.inFlight === 0 && lane.waiting.length === 0) this.lanes.delete(name);
  }

  /** The oldest waiting requests, in order, as many as the representations' cap lets go together. */
  private takeGroup(lane: Lane<Request>): Array<Waiting<Request>> {
    let representations = lane.waiting[0]!.size;
    let count = 1;
    while (
      count < lane.waiting.length &&
      representations + lane.waiting[count]!.size <= this.settings.maxRepresentations
    )
      representations += lane.waiting[count++]!.size;
    return lane.waiting.splice(0, count);
  }

  private sendCoalesced(name: string, lane: Lane<Request>, group: Array<Waiting<Request>>): void {
    this.settings.onCoalesced?.(group[0]!.options.url, group.length - 1);
    const cancelled = cancelledWhenAll(group.map(({ options }) => options.signal));
    const members = group.map((member) => ({ member, unfollow: followCancellation(member) }));
    const first = group[0]!.options;
    const requestIds = group.map(({ options }) => options.headers['x-request-id']).filter((id) => id !== undefined);
    const options: Request = {
      ...first,
      body: coalescedBody(group),
      headers:
        requestIds.length > 1
          ? { ...first.headers, [COALESCED_REQUEST_IDS_HEADER]: requestIds.slice(1).join(',') }
          : first.headers,
      signal: cancelled.signal,
    };
    const settle = (answer: (member: Waiting<Request>, index: number) => void) => {
      cancelled.release();
      members.forEach(({ member, unfollow }, index) => {
        unfollow();
        answer(member, index);
      });
    };
    this.sendOn(name, lane, options).then(
      ({ body, cacheControl }) => {
        let parts: ReturnType<typeof splitMergedAnswer>;
        try {
          parts = splitMergedAnswer(
            body,
            group.map(({ size }) => size),
          );
        } catch (error) {
          settle((member) => member.reject(error));
          return;
        }
        settle((member, index) => member.resolve({ body: parts[index]!, cacheControl }));
      },
      (error: unknown) => settle((member) => member.reject(error)),
    );
  }
}

/** The representations' count of an `_entities` request; undefined for any other request. */
function representationCount(body: unknown): number | undefined {
  const representations = (body as EntityRequest | undefined)?.variables?.representations;
  return Array.isArray(representations) ? representations.length : undefined;
}

/** What two requests must share to be one: the query, its variables but the representations, the caller's headers. */
function coalescingKey({ body, headers }: CoalescibleRequest): string {
  const { query, operationName, variables } = body as EntityRequest;
  const { representations: _representations, ...otherVariables } = variables!;
  const { 'x-request-id': _requestId, ...callerHeaders } = headers;
  return JSON.stringify([query, operationName ?? null, otherVariables, callerHeaders]);
}

function coalescedBody(group: Array<Waiting<CoalescibleRequest>>): EntityRequest {
  const { query, operationName, variables } = group[0]!.options.body as EntityRequest;
  const representations = group.flatMap(({ options }) => (options.body as EntityRequest).variables!.representations);
  return { query, operationName, variables: { ...variables, representations } };
}

/** Rejects a member at once when its own operation is cancelled; the request goes on for the others. */
function followCancellation({ options, reject }: Waiting<CoalescibleRequest>): () => void {
  const { signal } = options;
  if (!signal) return () => {};
  const leave = () => reject(cancelledBefore(options.service ?? 'the subgraph'));
  signal.addEventListener('abort', leave, { once: true });
  return () => signal.removeEventListener('abort', leave);
}

/** A signal that aborts once every one of `signals` has (never, when one of them is missing). */
function cancelledWhenAll(signals: Array<AbortSignal | undefined>): { signal?: AbortSignal; release: () => void } {
  if (signals.some((signal) => signal === undefined)) return { release: () => {} };
  const controller = new AbortController();
  let open = signals.length;
  const onAbort = () => {
    if (--open === 0) controller.abort(new DOMException('every operation was cancelled', 'AbortError'));
  };
  for (const signal of signals) signal!.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      for (const signal of signals) signal!.removeEventListener('abort', onAbort);
    },
  };
}
