import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphQLMiddleware, type GraphQLMiddleware } from '../../shared/http/graphql-middleware.ts';
import { listenAsSubgraph, type RunningServer } from '../../shared/http/listen.ts';
import { mountProbes } from '../../shared/http/probes.ts';
import { MAX_REQUEST_BODY_BYTES } from '../../shared/http/read-request-body.ts';
import { createServiceListener, preparedLater, type PreparedLater } from '../../shared/http/service-app.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { signSubgraphRequest } from '../../shared/security/subgraph-signature.ts';

const logger = createLogger('test', 'silent');
const secret = randomBytes(32).toString('hex');

/** A subgraph process as national and the regions serve theirs: POST /graphql on node:http, the rest in express. */
describe('a subgraph answering POST /graphql on node:http', () => {
  let middleware: GraphQLMiddleware;
  let graphql: PreparedLater;
  let server: RunningServer;

  beforeAll(async () => {
    const schema = buildSubgraphSchema({
      typeDefs: parse('type Query { answer(text: String): String }'),
      resolvers: { Query: { answer: (_: unknown, { text }: { text?: string }) => text ?? 'forty-two' } },
    });
    middleware = await createGraphQLMiddleware({
      schema,
      logger,
      subgraphSecret: secret,
      createContext: ({ logger: requestLogger }) => ({ logger: requestLogger }),
    });
    graphql = preparedLater();
    const listener = createServiceListener(logger, { '/graphql': graphql.handle }, (routes) =>
      mountProbes(routes, { ready: async () => {} }),
    );
    server = await listenAsSubgraph(listener, 0);
  });
  afterAll(async () => {
    await server?.close();
    await middleware?.stop();
  });

  const signedPost = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signSubgraphRequest(secret, { method: 'POST', path: '/graphql', body, callerHeaders: {} }),
        ...headers,
      },
      body,
    });

  it('answers 503 DATABASE_UNAVAILABLE in JSON until the service is prepared', async () => {
    const response = await signedPost('{"query":"{ answer }"}');
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await response.json()).errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');
    graphql.serve(middleware.handle);
  });

  it("answers a signed request with Apollo's cache hint, no ETag and a keep-alive beyond the gateway's", async () => {
    const response = await signedPost('{"query":"{ answer }"}');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { answer: 'forty-two' } });
    expect(response.headers.get('cache-control')).toBe('max-age=300, public');
    expect(response.headers.get('etag')).toBeNull();
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('keep-alive')).toBe('timeout=125');
  });

  it('refuses an unsigned request 401 with its request id', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'unsigned-1' },
      body: '{"query":"{ answer }"}',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe('unsigned-1');
    expect((await response.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a body over 2 MB with 413 in JSON', async () => {
    const body = JSON.stringify({ query: '{ answer }', variables: { padding: 'x'.repeat(MAX_REQUEST_BODY_BYTES) } });
    const response = await signedPost(body);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [
        { message: 'The request body is larger than this service accepts', extensions: { code: 'BAD_REQUEST' } },
      ],
    });
  });

  it('refuses a streamed body (no Content-Length) once it passes 2 MB', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const headers = signSubgraphRequest(secret, { method: 'POST', path: '/graphql', body: '', callerHeaders: {} });
      const sending = request(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...headers },
      });
      sending.on('response', (response) => resolve(response.statusCode ?? 0));
      // The server may cut the upload after its 413; the answer, read first, is what counts.
      sending.on('error', (error) => setTimeout(() => reject(error), 1_000));
      const chunk = Buffer.alloc(64 * 1024, 32);
      for (let sent = 0; sent <= MAX_REQUEST_BODY_BYTES; sent += chunk.length) sending.write(chunk);
      sending.end();
    });
    expect(status).toBe(413);
  });

  it('marks an answer with errors no-store', async () => {
    const response = await signedPost('{"query":"{ nothing }"}');
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a compressed body with 415 in JSON instead of reading it as JSON', async () => {
    const response = await signedPost('{"query":"{ answer }"}', { 'content-encoding': 'gzip' });
    expect(response.status).toBe(415);
    expect((await response.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('serves the probes and a 404 in JSON through express beside it', async () => {
    expect(await (await fetch(`${server.url}/live`)).json()).toEqual({ status: 'live' });
    const missing = await fetch(`${server.url}/nothing-here`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
