import { Agent, interceptors, request, type Dispatcher } from 'undici';
import { SIGNATURE_HEADERS, signSubgraphRequest } from '../../shared/security/subgraph-signature.ts';
import { type ReleasableTimeout, releasableTimeout } from '../deadline/releasable-timeout.ts';
import { keepAnswerText } from './verbatim-answer-text.ts';

/** The request's headers as one lower-cased record, whichever of undici's shapes they came in. */
function headerRecord(headers: Dispatcher.DispatchOptions['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  const add = (name: string, value: unknown) => {
    if (value !== undefined && value !== null)
      record[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  };
  if (!headers) return record;
  if (Array.isArray(headers)) {
    for (let index = 0; index + 1 < headers.length; index += 2) add(String(headers[index]), headers[index + 1]);
  } else if (
    Symbol.iterator in Object(headers) &&
    typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function'
  ) {
    for (const [name, value] of headers as Iterable<[string, unknown]>) add(name, value);
  } else {
    for (const [name, value] of Object.entries(headers as Record<string, unknown>)) add(name, value);
  }
  return record;
}

/**
 * Signs every request the agent sends (shared/security/subgraph-signature.ts), each attempt anew: the retry
 * below dispatches through this interceptor again, so a resent request carries a fresh timestamp and nonce
 * and is never taken for a replay, even when the subgraph had received the first attempt before the socket died.
 */
function signEachAttempt(secret: string): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => {
    const { body } = options;
    if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      throw new Error('A subgraph request body must be a string or bytes to be signed');
    }
    const headers = headerRecord(options.headers);
    const callerHeaders: Record<string, string> = {};
    for (const name of [SIGNATURE_HEADERS.caller, SIGNATURE_HEADERS.roles])
      if (headers[name] !== undefined) callerHeaders[name] = headers[name];
    const signature = signSubgraphRequest(secret, {
      method: options.method,
      path: options.path,
      body: body ?? '',
      callerHeaders,
    });
    // Object.assign, not `{ ...headers, ...signature }`: on Node 20 a second spread copies through the runtime.
    return dispatch({ ...options, headers: Object.assign({}, headers, signature) }, handler);
  };
}

/**
 * One keep-alive connection pool per gateway process, shared by every subgraph and region; with a secret
 * (SUBGRAPH_SECRET), every request it sends is signed, the gateway's own health checks and polls included.
 *
 * A pooled socket can be closed by the subgraph at the moment the gateway reuses it (its keep-alive
 * timer fires while the request is on the wire; seen under load as "other side closed"). Such a request
 * never reached a resolver, and the graph has no mutations, so sending it once more on a fresh socket is
 * safe: undici's retry interceptor does that, at once, only for socket errors, never for an HTTP status.
 */
export function createSubgraphAgent(options: { secret?: string | undefined } = {}): Dispatcher {
  const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connections: 64, pipelining: 1 });
  const retry = interceptors.retry({
    maxRetries: 1,
    minTimeout: 0,
    methods: ['POST'],
    statusCodes: [],
    errorCodes: ['ECONNRESET', 'UND_ERR_SOCKET'],
  });
  // compose wraps in order: the first interceptor is nearest the socket, so the retry dispatches through the signer.
  return options.secret ? agent.compose(signEachAttempt(options.secret), retry) : agent.compose(retry);
}

export interface GraphQLHttpResponse {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

/** A subgraph's answer and its cache-control header, which bounds how long the whole response may be cached. */
export interface SubgraphAnswer {
  body: GraphQLHttpResponse;
  cacheControl: string | undefined;
}

/**
 * A failed subgraph call. The message names the service (`service`), never its URL: it can reach clients.
 * ABORTED: the operation was cancelled (client gone, deadline passed); it says nothing about the service.
 */
export class SubgraphHttpError extends Error {
  constructor(
    message: string,
    readonly reason: 'TIMEOUT' | 'CONNECTION' | 'HTTP_STATUS' | 'BAD_RESPONSE' | 'ABORTED' | 'DATABASE_UNAVAILABLE',
    /** For the log, with the request id; never for the client. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

export interface PostOptions {
  agent: Dispatcher;
  url: string;
  /** What the error messages call the target: "region VI", "national". */
  service?: string;
  body: unknown;
  headers: Record<string, string>;
  timeoutMs: number;
  /**
   * The operation's signal: aborted, a request in flight is cancelled and nothing more is sent (but see
   * AFTER_DEADLINE_MS).
   */
  signal?: AbortSignal;
}

/** POSTs one GraphQL request; rejects with a SubgraphHttpError that says what went wrong, naming the service. */
export async function postGraphQL(options: PostOptions): Promise<GraphQLHttpResponse> {
  return (await postGraphQLForAnswer(options)).body;
}

/** The error of a call whose operation was cancelled (client gone, deadline passed) before `service` answered. */
export const cancelledBefore = (service: string) =>
  new SubgraphHttpError(`the operation was cancelled before ${service} answered`, 'ABORTED');

/**
 * After an operation's deadline the calls in flight are cut, but the gateway may still need one quick call to
 * assemble what arrived (national computing a comparison's rows from the cells it has): such a call gets
 * this long. A client that left gets nothing more.
 */
export const AFTER_DEADLINE_MS = 1_000;

const passedDeadline = (signal: AbortSignal | undefined) =>
  signal?.aborted === true && (signal.reason as Error | undefined)?.name === 'TimeoutError';

/** The signal of one call (the operation's and the call's own timeout), released once its answer is read. */
interface CallSignal extends ReleasableTimeout {
  /** The operation's signal aborted: the client left or the deadline passed. */
  cutShort: () => boolean;
  /** The call's own timeout fired. */
  timedOut: () => boolean;
}

function callSignalOf(options: PostOptions, service: string): CallSignal {
  if (passedDeadline(options.signal)) {
    const grace = releasableTimeout(Math.min(options.timeoutMs, AFTER_DEADLINE_MS));
    const over = () => grace.signal.aborted;
    return { signal: grace.signal, release: grace.release, cutShort: over, timedOut: over };
  }
  if (options.signal?.aborted) throw cancelledBefore(service);
  const call = releasableTimeout(options.timeoutMs, options.signal ? [options.signal] : []);
  const cutShort = () => options.signal?.aborted === true;
  // Written out, not `{ ...call, cutShort, timedOut }`: on Node 20 a property after a spread costs about 1 µs.
  return { signal: call.signal, release: call.release, cutShort, timedOut: () => call.signal.aborted && !cutShort() };
}

/** The answer as undici read it: status, headers and the whole body as text. */
interface RawAnswer {
  statusCode: number;
  headers: Dispatcher.ResponseData['headers'];
  text: string;
}

/** Sends the request and reads the whole answer, within the call's signal, which it then releases. */
async function sendAndRead(options: PostOptions, service: string): Promise<RawAnswer> {
  const call = callSignalOf(options, service);
  const timedOutError = () =>
    new SubgraphHttpError(`no answer from ${service} within ${options.timeoutMs} ms`, 'TIMEOUT');
  try {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(options.url, {
        method: 'POST',
        dispatcher: options.agent,
        headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
        body: JSON.stringify(options.body),
        signal: call.signal,
      });
    } catch (error) {
      const { name, message } = error as Error;
      if (call.cutShort()) throw cancelledBefore(service);
      if (name === 'TimeoutError' || name === 'AbortError' || call.timedOut()) throw timedOutError();
      throw new SubgraphHttpError(`cannot reach ${service}`, 'CONNECTION', message);
    }
    try {
      return { statusCode: response.statusCode, headers: response.headers, text: await response.body.text() };
    } catch (error) {
      if (call.cutShort()) throw cancelledBefore(service);
      if (call.timedOut()) throw timedOutError();
      throw new SubgraphHttpError(`the answer from ${service} was cut off`, 'CONNECTION', (error as Error).message);
    }
  } finally {
    call.release();
  }
}

/** As postGraphQL, with the answer's cache-control header. */
export async function postGraphQLForAnswer(options: PostOptions): Promise<SubgraphAnswer> {
  const service = options.service ?? 'the subgraph';
  const response = await sendAndRead(options, service);
  const { text } = response;
  if (response.statusCode === 401) {
    // The subgraph refused the gateway's signature (a different SUBGRAPH_SECRET, a clock far off): the
    // gateway's fault, not the client's, so not passed on as the client's UNAUTHENTICATED.
    throw new SubgraphHttpError(
      `${service} refused the gateway's request signature`,
      'HTTP_STATUS',
      text.slice(0, 500),
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SubgraphHttpError(
      `${service} answered HTTP ${response.statusCode} with a body that is not JSON`,
      response.statusCode >= 400 ? 'HTTP_STATUS' : 'BAD_RESPONSE',
    );
  }
  if (
    response.statusCode === 503 &&
    (parsed as GraphQLHttpResponse | null)?.errors?.some((error) => error.extensions?.code === 'DATABASE_UNAVAILABLE')
  ) {
    // The service runs but its database is gone: the service failed (one error for the region or service, a
    // failure for its circuit), rather than one DATABASE_UNAVAILABLE per entity passed on to the client.
    throw new SubgraphHttpError(`${service} cannot reach its database`, 'DATABASE_UNAVAILABLE', text.slice(0, 500));
  }
  if (typeof parsed !== 'object' || parsed === null || !('data' in parsed || 'errors' in parsed)) {
    throw new SubgraphHttpError(
      `${service} answered HTTP ${response.statusCode} without data or errors`,
      'BAD_RESPONSE',
    );
  }
  // The text stays beside the parsed answer: a part the gateway passes on unchanged is written as it came.
  keepAnswerText(parsed, text);
  const cacheControl = response.headers['cache-control'];
  return {
    body: parsed as GraphQLHttpResponse,
    cacheControl: Array.isArray(cacheControl) ? cacheControl.join(', ') : cacheControl,
  };
}
