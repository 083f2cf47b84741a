import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';
import type { Logger } from '../logging/logger.ts';
import type { RecordAnsweredOperation } from '../observability/subgraph-observability.ts';
import type { DirectExecution } from './direct-execution.ts';
import { writeJsonError } from './json-error-handler.ts';
import { assertIdentityEncoding, isJsonContentType, parseJsonBody, readRequestBody } from './read-request-body.ts';
import { requestIdOf } from './request-id.ts';
import type { AuthenticatedCaller, SubgraphAuthentication } from './subgraph-authentication.ts';

/** A request handler on node:http; also mountable in express, which passes its own req and res. */
export type NodeRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The request headers as Apollo Server reads them. */
export function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  return headers;
}

const searchOf = (url: string) => {
  const query = url.indexOf('?');
  return query < 0 ? '' : url.slice(query);
};

/** One write: the status, Apollo's headers (content-type, cache-control) and the whole body. */
export async function writeGraphQLResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    // Stated, not left to node: behind the gateway's compression node would send the answer chunked.
    res.setHeader('content-length', Buffer.byteLength(response.body.string));
    return void res.end(response.body.string);
  }
  // Incremental delivery (@defer) needs graphql 17; on 16 Apollo Server answers whole, so this is a fallback.
  let text = '';
  for await (const chunk of response.body.asyncIterator) text += chunk;
  res.end(text);
}

/** The direct path of a subgraph's endpoint (`direct-execution.ts`), and what Apollo's plugins did for its answers. */
export interface DirectPath<Context> {
  execution: DirectExecution<Context>;
  /** The cache-control of a clean answer, as `fixedCacheControl` sets it. */
  cacheControl: string;
  record: RecordAnsweredOperation;
}

/** One write of a clean answer, with the status and headers Apollo Server gives one. */
function writeDirectAnswer(res: ServerResponse, text: string, cacheControl: string): void {
  res.statusCode = 200;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', cacheControl);
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * A subgraph's GraphQL endpoint on node:http: the signature headers before the body is read, the body read
 * into one Buffer (2 MB cap), its HMAC and the replay guard on those raw bytes, one JSON.parse, then the direct
 * path when one is given and it answers, else Apollo Server's own HTTP execution, and the answer written once.
 * Any refusal is `writeJsonError`'s JSON.
 */
export function createGraphQLRequestHandler<Context extends BaseContext>(options: {
  server: ApolloServer<Context>;
  authentication: SubgraphAuthentication;
  logger: Logger;
  createContext: (req: IncomingMessage, res: ServerResponse, caller: AuthenticatedCaller) => Promise<Context>;
  direct?: DirectPath<Context> | undefined;
}): NodeRequestHandler {
  const { server, authentication, logger, createContext, direct } = options;
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const startedAt = performance.now();
    const check = authentication.checkHeaders(req);
    assertIdentityEncoding(req);
    const raw = await readRequestBody(req);
    const contentType = req.headers['content-type'];
    const json = isJsonContentType(contentType);
    const caller = authentication.verifyBody(check, json ? raw : undefined);
    const body = json ? parseJsonBody(raw, contentType) : undefined;
    if (direct && req.method === 'POST' && body !== undefined) {
      const answered = await direct.execution.answer(body, req.headers.accept, () => createContext(req, res, caller));
      if (answered) {
        writeDirectAnswer(res, answered.text, direct.cacheControl);
        return direct.record(req.headers, startedAt, answered.operationName);
      }
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method?.toUpperCase() ?? 'GET',
        headers: headerMapOf(req),
        search: searchOf(req.url ?? ''),
        body,
      },
      context: () => createContext(req, res, caller),
    });
    await writeGraphQLResponse(res, response);
  };
  return (req, res) =>
    void answer(req, res).catch((error: unknown) => writeJsonError(res, error, logger, requestIdOf(req.headers)));
}
