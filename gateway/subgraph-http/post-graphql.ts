import { Agent, request } from 'undici';

/** One keep-alive connection pool per gateway process, shared by every subgraph and region. */
export function createSubgraphAgent(): Agent {
  return new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connections: 64, pipelining: 1 });
}

export interface GraphQLHttpResponse {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

export class SubgraphHttpError extends Error {
  constructor(
    message: string,
    readonly reason: 'TIMEOUT' | 'CONNECTION' | 'HTTP_STATUS' | 'BAD_RESPONSE',
  ) {
    super(message);
  }
}

/** POSTs one GraphQL request; rejects with a SubgraphHttpError that says what went wrong and where. */
export async function postGraphQL(options: {
  agent: Agent;
  url: string;
  body: unknown;
  headers: Record<string, string>;
  timeoutMs: number;
}): Promise<GraphQLHttpResponse> {
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
  return parsed as GraphQLHttpResponse;
}
