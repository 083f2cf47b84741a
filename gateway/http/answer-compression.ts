import compression from 'compression';
import type { ConnectHandler } from './connect-handlers.ts';

/**
 * gzip or brotli, as the client accepts, for answers over 1 KB (a full JSON-lines export is over 500 KB).
 * JSON lines is text too, though the compressible list does not know application/x-ndjson. The middleware
 * only wraps node:http's response, so it serves the express routes and POST /graphql alike (its types say
 * express).
 */
export function answerCompression(): ConnectHandler {
  return compression({
    threshold: 1024,
    filter: (req, res) =>
      compression.filter(req, res) || /^application\/x-ndjson/.test(String(res.getHeader('Content-Type'))),
  }) as unknown as ConnectHandler;
}
