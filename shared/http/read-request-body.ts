import type { IncomingMessage } from 'node:http';

/** The largest request body a subgraph reads: a comparison's representations for 200 shards fit many times. */
export const MAX_REQUEST_BODY_BYTES = 2 * 1024 * 1024;

/**
 * A request the body reader refused. `status` and `type` are body-parser's, so that the JSON error writer
 * (json-error-handler.ts) says the same to the client whichever reader refused it.
 */
export class RequestBodyError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestBodyError';
  }
}

const tooLarge = (limit: number) =>
  new RequestBodyError(413, 'entity.too.large', `the request body is over ${limit} bytes`);

/**
 * Reads a whole request body into one Buffer, refusing it (413) as soon as it is known to exceed `limit`:
 * from Content-Length before anything is read, otherwise once the bytes received pass it.
 */
export function readRequestBody(req: IncomingMessage, limit = MAX_REQUEST_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  // Already read by someone else: nothing more will arrive, and 'end' will not fire again.
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onCut);
      req.off('close', onCut);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        stop();
        // Not destroyed: the 413 must still reach the client; node:http discards the rest after the answer.
        req.pause();
        return reject(tooLarge(limit));
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    };
    const onCut = () => {
      stop();
      reject(new RequestBodyError(400, 'request.aborted', 'the request body was cut off'));
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onCut);
    req.once('close', onCut);
  });
}

/**
 * The parsed JSON body, as express.json() (strict) parses it: empty is `{}`, and only an object or an array
 * is accepted at the top level. Refuses a body that is not UTF-8 (415) or not such JSON (400).
 */
export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  // The gateway sends a bare `application/json`: the pattern runs only when there are parameters to read.
  const charset = contentType?.includes(';')
    ? /;\s*charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase()
    : undefined;
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    throw new RequestBodyError(415, 'charset.unsupported', `unsupported charset "${charset.toUpperCase()}"`);
  if (raw.length === 0) return {};
  const text = raw.toString('utf8');
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[')
    throw new RequestBodyError(400, 'entity.parse.failed', 'the body is not a JSON object or array');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RequestBodyError(400, 'entity.parse.failed', (error as Error).message);
  }
}

/** True for `application/json` with or without parameters: the only body express.json() parsed by default. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semicolon = contentType.indexOf(';');
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase() === 'application/json';
}

/** Bodies arrive as sent: the gateway never compresses a request, so any content coding other than identity is 415. */
export function assertIdentityEncoding(req: IncomingMessage): void {
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity')
    throw new RequestBodyError(415, 'encoding.unsupported', `unsupported content encoding "${encoding}"`);
}
