import type { ErrorRequestHandler, RequestHandler } from 'express';
import { graphQLError, type ErrorCode } from '../errors/error-codes.ts';
import type { Logger } from '../logging/logger.ts';
import { requestIdOf } from './request-id.ts';

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
 * The last middleware of every service: any error in the express pipeline (a malformed or oversized JSON
 * body, a refused signature, a bug) becomes a GraphQL-shaped JSON answer with its HTTP status, never
 * express's HTML page or a stack trace, whatever NODE_ENV says. 5xx errors are logged with the request id.
 */
export function createJsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    // Too late for an answer of our own: express's default handler closes the connection.
    if (res.headersSent) return next(error);
    const status = statusOf(error);
    const type = (error as { type?: unknown } | null)?.type;
    const requestId = requestIdOf(req.headers);
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
    res
      .status(status)
      .setHeader('x-request-id', requestId)
      .json({ errors: [graphQLError(codeOf(status), message).toJSON()] });
  };
}

/** A path no route serves: 404 in the same JSON shape, instead of express's HTML "Cannot GET". */
export const jsonNotFound: RequestHandler = (req, res) => {
  res
    .status(404)
    .json({ errors: [graphQLError('BAD_REQUEST', `Nothing is served at this path for ${req.method}`).toJSON()] });
};
