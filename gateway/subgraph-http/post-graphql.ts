import { Agent, interceptors, request, type Dispatcher } from 'undici';

/**
 * One keep-alive connection pool per gateway process, shared by every subgraph and region.
 *
 * A pooled socket can be closed by the subgraph at the moment the gateway reuses it (its keep-alive
 * timer fires while the request is on the wire; seen under load as "other side closed"). Such a request
 * never reached a resolver, and the graph has no mutations, so sending it once more on a fresh socket is
 * safe: undici's retry interceptor does that, at once, only for socket errors, never for an HTTP status.
 */
export function createSubgraphAgent(): Dispatcher {
  return new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connections: 64, pipelining: 1 }).compose(
    interceptors.retry({ maxRetries: 1, minTimeout: 0, methods: ['POST'], statusCodes: [], errorCodes: ['ECONNRESET', 'UND_ERR_SOCKET'] }),
  );
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

export class SubgraphHttpError extends Error {
  constructor(
    message: string,
    readonly reason: 'TIMEOUT' | 'CONNECTION' | 'HTTP_STATUS' | 'BAD_RESPONSE',
  ) {
    super(message);
  }
}

export interface PostOptions {
  agent: Dispatcher;
  url: string;
  body: unknown;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** POSTs one GraphQL request; rejects with a SubgraphHttpError that says what went wrong and where. */
export async function postGraphQL(options: PostOptions): Promise<GraphQLHttpResponse> {
  return (await postGraphQLForAnswer(options)).body;
}

/** As postGraphQL, with the answer's cache-control header. */
export async function postGraphQLForAnswer(options: PostOptions): Promise<SubgraphAnswer> {
  let response;
  try {
    response = await request(options.url, {
      method: 'POST',
      dispatcher: options.agent,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
      body: JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new SubgraphHttpError(`no answer from ${options.url} within ${options.timeoutMs} ms`, 'TIMEOUT');
    }
    throw new SubgraphHttpError(`cannot reach ${options.url}: ${(error as Error).message}`, 'CONNECTION');
  }
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    throw new SubgraphHttpError(`answer from ${options.url} was cut off: ${(error as Error).message}`, 'CONNECTION');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SubgraphHttpError(`${options.url} answered HTTP ${response.statusCode} with a body that is not JSON`, response.statusCode >= 400 ? 'HTTP_STATUS' : 'BAD_RESPONSE');
  }
  if (typeof parsed !== 'object' || parsed === null || !('data' in parsed || 'errors' in parsed)) {
    throw new SubgraphHttpError(`${options.url} answered HTTP ${response.statusCode} without data or errors`, 'BAD_RESPONSE');
  }
  const cacheControl = response.headers['cache-control'];
  return { body: parsed as GraphQLHttpResponse, cacheControl: Array.isArray(cacheControl) ? cacheControl.join(', ') : cacheControl };
}
