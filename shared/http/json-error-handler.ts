import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { graphQLError, type ErrorCode } from '../errors/error-codes.ts';
import type { Logger } from '../logging/logger.ts';
import { requestIdOf } from './request-id.ts';
import { writeJson } from './write-json.ts';

/** What body-parser and the signature check tell a client, by the error's `type`; never the parser's own words. */
const CLIENT_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON',
  'entity.too.large': 'The request body is larger than this service accepts',
  'encoding.unsupported': 'The request body is in a content encoding this service does not accept',
  'charset.unsupported': 'The request body is in a charset this service does not accept',
  'request.aborted': 'The request body was cut off',
  'request.size.invalid': 'The request body is shorter or longer than its Content-Length',
  'stream.encoding.set': 'The request body could not be read',
};

function statusOf(error: unknown): number {
  const status =
    (error as { status?: unknown; statusCode?: unknown } | null)?.status ??
    (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status < 600 ? status : 500;
}

const codeOf = (status: number): ErrorCode =>
  status === 401 ? 'UNAUTHENTICATED' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';

/**
 * The answer to a request that failed before GraphQL could answer it (a malformed or oversized JSON body, a
 * refused signature, a bug): a GraphQL-shaped JSON body with its HTTP status, never a parser's words or a stack
 * trace. 5xx errors are logged with the request id, the others at info with their reason.
 */
export function jsonErrorAnswer(
  error: unknown,
  logger: Logger,
  requestId: string,
): { status: number; body: { errors: unknown[] } } {
  const status = statusOf(error);
  const type = (error as { type?: unknown } | null)?.type;
  let message: string;
  if (status === 401) message = `Unauthenticated: ${(error as Error).message}`;
  else if (status < 500)
    message = (typeof type === 'string' && CLIENT_MESSAGES[type]) || `The request was refused (HTTP ${status})`;
  else message = 'Unexpected error; see the server log under this request id';
  const log = status >= 500 ? logger.error.bind(logger) : logger.info.bind(logger);
  log(
    {
      requestId,
      status,
      type,
      err: status >= 500 ? error : undefined,
      reason: status < 500 ? (error as Error)?.message : undefined,
    },
    'request refused',
  );
  return { status, body: { errors: [graphQLError(codeOf(status), message).toJSON()] } };
}

/** `jsonErrorAnswer` on node:http; a response already under way is cut, as express's default handler does. */
export function writeJsonError(res: ServerResponse, error: unknown, logger: Logger, requestId: string): void {
  if (res.headersSent) {
    logger.error({ requestId, err: error }, 'request failed after its answer started');
    res.destroy();
    return;
  }
  const { status, body } = jsonErrorAnswer(error, logger, requestId);
  writeJson(res, status, body, { 'x-request-id': requestId });
}

/**
 * The last middleware of every express app: any error in its pipeline becomes `jsonErrorAnswer`, never
 * express's HTML page, whatever NODE_ENV says.
 */
export function createJsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    // Too late for an answer of our own: express's default handler closes the connection.
    if (res.headersSent) return next(error);
    const requestId = requestIdOf(req.headers);
    const { status, body } = jsonErrorAnswer(error, logger, requestId);
    res.status(status).setHeader('x-request-id', requestId).json(body);
  };
}

/** A path no route serves: 404 in the same JSON shape, instead of express's HTML "Cannot GET". */
export const jsonNotFound: RequestHandler = (req, res) => {
  res
    .status(404)
    .json({ errors: [graphQLError('BAD_REQUEST', `Nothing is served at this path for ${req.method}`).toJSON()] });
};
