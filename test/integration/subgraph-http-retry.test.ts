import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import express from 'express';
import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { createSubgraphAgent, postGraphQL, SubgraphHttpError } from '../../gateway/subgraph-http/post-graphql.ts';
import { createGraphQLMiddleware } from '../../shared/http/graphql-middleware.ts';
import { listen } from '../../shared/http/listen.ts';
import { createLogger } from '../../shared/logging/logger.ts';

const logger = createLogger('test', 'silent');

/**
 * A real HTTP server that drops a keep-alive socket when the client reuses it, as a subgraph does when its
 * keep-alive timer fires while the gateway sends on that socket ("other side closed").
 */
function startServer(
  dropRequest: (requestOnSocket: number) => boolean,
): Promise<{ server: Server; url: string; served: () => number; dropped: () => number }> {
  let served = 0;
  let dropped = 0;
  const requestsBySocket = new WeakMap<object, number>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const count = (requestsBySocket.get(request.socket) ?? 0) + 1;
    requestsBySocket.set(request.socket, count);
    request.resume();
    request.on('end', () => {
      if (dropRequest(count)) {
        dropped += 1;
        return void request.socket.destroy();
      }
      served += 1;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ data: { answer: served } }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
        served: () => served,
        dropped: () => dropped,
      }),
    ),
  );
}

describe('subgraph HTTP on a reused socket the subgraph closed', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step();
  });

  async function setUp(dropRequest: (requestOnSocket: number) => boolean) {
    const started = await startServer(dropRequest);
    const agent = createSubgraphAgent();
    cleanup.push(
      () => agent.close(),
      () => new Promise<void>((done) => started.server.close(() => done())),
    );
    const post = () =>
      postGraphQL({
        agent,
        url: started.url,
        service: 'region VI',
        body: { query: '{ answer }' },
        headers: {},
        timeoutMs: 5_000,
      });
    return { ...started, post };
  }

  it('sends the request once more and returns its answer', async () => {
    // The first request that arrives on a reused socket is dropped, once: the race, not a broken server.
    let raced = false;
    const subgraph = await setUp((requestOnSocket) => {
      if (requestOnSocket < 2 || raced) return false;
      raced = true;
      return true;
    });
    const answers = [];
    for (let i = 1; i <= 4; i += 1) answers.push(await subgraph.post());
    expect(subgraph.dropped()).toBe(1);
    expect(answers).toEqual([1, 2, 3, 4].map((answer) => ({ data: { answer } })));
  });

  it('gives up after one retry with a CONNECTION error that names the service, not its URL', async () => {
    const subgraph = await setUp(() => true);
    const failure = await subgraph.post().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SubgraphHttpError);
    expect((failure as SubgraphHttpError).reason).toBe('CONNECTION');
    expect((failure as SubgraphHttpError).message).toBe('cannot reach region VI');
    expect((failure as SubgraphHttpError).message).not.toContain('http://');
    expect(subgraph.served()).toBe(0);
    expect(subgraph.dropped()).toBe(2);
  });
});

/**
 * A real subgraph handler that verifies signatures (SUBGRAPH_SECRET), behind a middleware that breaks the
 * first request arriving on a reused socket, once: either before reading it (the keep-alive race) or after
 * running it, when the answer is about to be written (the subgraph received it, so its replay guard
 * remembered the signature).
 */
async function startSignedSubgraph(secret: string, drop: 'before reading' | 'after running') {
  let runs = 0;
  let dropped = 0;
  // Through @apollo/subgraph, as the services build theirs: one graphql-js instance for the schema and Apollo.
  const schema = buildSubgraphSchema({
    typeDefs: parse('type Query { answer: Int }'),
    resolvers: { Query: { answer: () => (runs += 1) } },
  });
  const middleware = await createGraphQLMiddleware({
    schema,
    logger,
    subgraphSecret: secret,
    createContext: ({ logger: requestLogger }) => ({ logger: requestLogger }),
  });
  const requestsBySocket = new WeakMap<object, number>();
  const app = express();
  app.use('/graphql', (req, res, next) => {
    const count = (requestsBySocket.get(req.socket) ?? 0) + 1;
    requestsBySocket.set(req.socket, count);
    if (count === 1 || dropped > 0) return next();
    dropped += 1;
    if (drop === 'before reading') return void req.socket.destroy();
    res.end = (() => {
      req.socket.destroy();
      return res;
    }) as typeof res.end;
    next();
  });
  app.use('/graphql', ...middleware.handler);
  const server = await listen(app, 0);
  return {
    url: `${server.url}/graphql`,
    runs: () => runs,
    dropped: () => dropped,
    stop: async () => {
      await server.close();
      await middleware.stop();
    },
  };
}

describe('signed subgraph requests on a reused socket the subgraph closed', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step();
  });

  for (const drop of ['before reading', 'after running'] as const) {
    it(`signs the resent request anew, so the subgraph answers it (dropped ${drop})`, async () => {
      const secret = randomBytes(32).toString('hex');
      const subgraph = await startSignedSubgraph(secret, drop);
      const agent = createSubgraphAgent({ secret });
      cleanup.push(() => agent.close(), subgraph.stop);
      const answers = [];
      for (let i = 1; i <= 4; i += 1)
        answers.push(
          await postGraphQL({
            agent,
            url: subgraph.url,
            service: 'region VI',
            body: { query: '{ answer }' },
            headers: {},
            timeoutMs: 5_000,
          }),
        );
      expect(subgraph.dropped()).toBe(1);
      // After running, the dropped attempt ran once more than it answered; the retry was not refused as a replay.
      expect(answers.every((answer) => answer.errors === undefined && typeof answer.data?.answer === 'number')).toBe(
        true,
      );
      expect(subgraph.runs()).toBe(drop === 'after running' ? 5 : 4);
    });
  }
});
