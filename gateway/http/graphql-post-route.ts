import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ApolloServer, BaseContext } from '@apollo/server';
import {
  headerMapOf,
  type NodeRequestHandler,
  writeGraphQLResponse,
} from '../../shared/http/graphql-request-handler.ts';
import { writeJsonError } from '../../shared/http/json-error-handler.ts';
import { parseJsonBody, readRequestBody } from '../../shared/http/read-request-body.ts';
import { requestIdOf } from '../../shared/http/request-id.ts';
import type { Logger } from '../../shared/logging/logger.ts';
import { authenticateRequest, type Authenticator } from '../auth/authenticate.ts';
import { rememberPersistedQueries } from '../export/graphql-csv-route.ts';
import type { PersistedQueries } from '../export/persisted-queries.ts';
import { type ConnectHandler, runConnectHandlers } from './connect-handlers.ts';

/** The largest GraphQL request body the gateway reads: express.json()'s limit on the express route, kept here. */
export const GRAPHQL_BODY_LIMIT_BYTES = 1024 * 1024;

export const GRAPHQL_PATH = '/graphql';

/** A JSON body in UTF-8 (the only charset JSON may use on the wire) and nothing else. */
const PLAIN_JSON = /^application\/json\s*(;\s*charset\s*=\s*"?utf-?8"?\s*)?$/i;

/**
 * The requests the POST route answers: POST /graphql, no query string, a JSON body sent as it is. Any other
 * form (a charset or content coding express.json() converts, a path express normalises) stays express's, so
 * that each request has one meaning whichever way it is served.
 */
function answeredOnPostRoute(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || req.url !== GRAPHQL_PATH) return false;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') return false;
  return PLAIN_JSON.test(req.headers['content-type'] ?? '');
}

/** The gateway's request listener: GraphQL POSTs on `postRoute`, every other request on the express app. */
export function createGatewayListener(app: RequestListener, postRoute: NodeRequestHandler): RequestListener {
  return (req, res) => {
    if (answeredOnPostRoute(req)) postRoute(req, res);
    else app(req, res);
  };
}

/**
 * POST /graphql, the route of every operation a script, a BI tool or the IDE sends, on node:http. It does what
 * the express app does for it, in the same order: the same security headers and compression (`before`),
 * authentication, a body of at most 1 MB parsed as express.json() parses it, Apollo Server's HTTP execution
 * with every plugin (admission, rate limits, response cache, logging), APQ registrations remembered for the CSV
 * route, and JSON errors. What it leaves out is express's own work per request (the router's walk over every
 * mounted route, its request and response objects, an ETag hashed over each answer), which cost the gateway
 * about 1 ms of CPU per operation (docs/performance.md).
 */
export function createGraphQLPostRoute<Context extends BaseContext>(options: {
  server: ApolloServer<Context>;
  before: readonly ConnectHandler[];
  authenticator: Authenticator;
  logger: Logger;
  contextOf: (req: IncomingMessage, res: ServerResponse) => Promise<Context>;
  persistedQueries: PersistedQueries;
}): NodeRequestHandler {
  const { server, before, authenticator, logger, contextOf, persistedQueries } = options;
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    await runConnectHandlers(before, req, res);
    if (!(await authenticateRequest(authenticator, logger, req, res))) return;
    const body = parseJsonBody(await readRequestBody(req, GRAPHQL_BODY_LIMIT_BYTES), req.headers['content-type']);
    res.once('finish', () => {
      if (res.statusCode === 200) rememberPersistedQueries(persistedQueries, body);
    });
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers: headerMapOf(req), search: '', body },
      context: () => contextOf(req, res),
    });
    await writeGraphQLResponse(res, response);
  };
  return (req, res) =>
    void answer(req, res).catch((error: unknown) => writeJsonError(res, error, logger, requestIdOf(req.headers)));
}
