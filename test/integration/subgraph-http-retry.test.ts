import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSubgraphAgent, postGraphQL, SubgraphHttpError } from '../../gateway/subgraph-http/post-graphql.ts';

/**
 * A real HTTP server that drops a keep-alive socket when the client reuses it, as a subgraph does when its
 * keep-alive timer fires while the gateway sends on that socket ("other side closed").
 */
function startServer(dropRequest: (requestOnSocket: number) => boolean): Promise<{ server: Server; url: string; served: () => number; dropped: () => number }> {
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
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, served: () => served, dropped: () => dropped })),
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
    cleanup.push(() => agent.close(), () => new Promise<void>((done) => started.server.close(() => done())));
    const post = () => postGraphQL({ agent, url: started.url, body: { query: '{ answer }' }, headers: {}, timeoutMs: 5_000 });
    return { ...started, post };
  }

  it('sends the request once more and returns its answer', async () => {
    // The first request that arrives on a reused socket is dropped, once: the race, not a broken server.
    let raced = false;
    const subgraph = await setUp((requestOnSocket) => requestOnSocket > 1 && !raced && (raced = true));
    const answers = [];
    for (let i = 1; i <= 4; i += 1) answers.push(await subgraph.post());
    expect(subgraph.dropped()).toBe(1);
    expect(answers).toEqual([1, 2, 3, 4].map((answer) => ({ data: { answer } })));
  });

  it('gives up after one retry with a CONNECTION error that names the subgraph', async () => {
    const subgraph = await setUp(() => true);
    const failure = await subgraph.post().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SubgraphHttpError);
    expect((failure as SubgraphHttpError).reason).toBe('CONNECTION');
    expect((failure as SubgraphHttpError).message).toContain(subgraph.url);
    expect(subgraph.served()).toBe(0);
    expect(subgraph.dropped()).toBe(2);
  });
});
