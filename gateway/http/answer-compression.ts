import compression from 'compression';
import vary from 'vary';
import type { ConnectHandler } from './connect-handlers.ts';

/**
 * gzip or brotli, as the client accepts, for answers over 1 KB (a full JSON-lines export is over 500 KB).
 * JSON lines is text too, though the compressible list does not know application/x-ndjson. The middleware
 * only wraps node:http's response, so it serves the express routes and POST /graphql alike (its types say
 * express).
 *
 * A request without Accept-Encoding gets its answer as it is, which is what the middleware would decide once the
 * answer's headers were written; skipping it spares such a request the wrapping of its response and the
 * negotiation (about 0.07 ms of a one-region question at one connection). It still carries the
 * `Vary: Accept-Encoding` the middleware gives a compressible answer.
 */
export function answerCompression(): ConnectHandler {
  const compress = compression({
    threshold: 1024,
    filter: (req, res) =>
      compression.filter(req, res) || /^application\/x-ndjson/.test(String(res.getHeader('Content-Type'))),
  }) as unknown as ConnectHandler;
  return (req, res, next) => {
    if (req.headers['accept-encoding'] !== undefined) return compress(req, res, next);
    vary(res, 'Accept-Encoding');
    next();
  };
}
