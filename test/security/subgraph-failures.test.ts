import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { closedPort } from '../support/closed-port.ts';

/** What a client must never see of the gateway's side: an address of a service. */
const ADDRESS = /https?:\/\/|127\.0\.0\.1|localhost|\/graphql/;

describe('failed subgraph calls as the client sees them (pglite)', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  // Region XIV accepts requests and never answers; each records when its connection closed.
  let hungRegion: Server;
  const hungRequests: Array<{ received: number; closed?: number }> = [];

  const raw = async (query: string, signal?: AbortSignal) => {
    const response = await fetch(`${cluster.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
      signal,
    });
    const text = await response.text();
    return {
      text,
      body: JSON.parse(text) as {
        data?: any;
        errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
      },
    };
  };

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    hungRegion = createServer((request: IncomingMessage) => {
      const entry: { received: number; closed?: number } = { received: performance.now() };
      hungRequests.push(entry);
      request.socket.once('close', () => (entry.closed = performance.now()));
    });
    await new Promise<void>((resolve) => hungRegion.listen(0, '127.0.0.1', resolve));
    const hungPort = (hungRegion.address() as { port: number }).port;
    const downPort = await closedPort();
    cluster = await startGraphCluster(database, ['VI'], {
      extraRegionUrls: `XII=http://127.0.0.1:${downPort}/graphql,XIV=http://127.0.0.1:${hungPort}/graphql`,
      // Both longer than any test's timeout, so that only a client leaving can end a request to the hung XIV.
      gatewayEnv: { REGION_TIMEOUT_MS: '600000', OPERATION_TIMEOUT_MS: '600000' },
    });
  });
  afterAll(async () => {
    await cluster?.stop();
    hungRegion?.closeAllConnections();
    hungRegion?.close();
    await database?.dispose();
  });

  it('names a region that is down, never its address', async () => {
    const { text, body } = await raw(
      '{ vi: plan(region: "VI", year: 2021) { year } xii: plan(region: "XII", year: 2024) { year } ' +
        'region(code: "XII") { plan(year: 2024) { year } } }',
    );
    expect(body.data).toEqual({ vi: { year: 2021 }, xii: null, region: { plan: null } });
    expect(body.errors).toHaveLength(2);
    for (const error of body.errors!) {
      expect(error.extensions).toMatchObject({ code: 'REGION_UNAVAILABLE', region: 'XII', reason: 'CONNECTION' });
      expect(error.message).toContain('Region XII is unavailable: cannot reach region XII');
    }
    expect(text).not.toMatch(ADDRESS);
  });

  it("answers region(code){ plan } for a region that is down as Apollo's plan does, asked of the region alone", async () => {
    // `name` is national's, so the first goes national then XII (planned); the second is XII's entity fetch alone.
    const planned = await raw('{ region(code: "XII") { name code plan(year: 2024) { year } } }');
    const alone = await raw('{ region(code: "XII") { code plan(year: 2024) { year } } }');
    expect(planned.body.data).toEqual({ region: { name: expect.any(String), code: 'XII', plan: null } });
    expect(alone.body.data).toEqual({ region: { code: 'XII', plan: null } });
    for (const { body, text } of [planned, alone]) {
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]).toMatchObject({
        path: ['region'],
        extensions: { code: 'REGION_UNAVAILABLE', region: 'XII' },
      });
      expect(text).not.toMatch(ADDRESS);
    }
  });

  it('stops waiting for a region once the client has left, instead of at the region timeout', async () => {
    const before = hungRequests.length;
    const client = new AbortController();
    const asked = raw('{ plan(region: "XIV", year: 2021) { year } }', client.signal).catch((error: unknown) => error);
    while (hungRequests.length === before) await new Promise((resolve) => setTimeout(resolve, 20));
    const request = hungRequests[before]!;
    expect(request.closed, 'open while the client waits').toBeUndefined();
    const left = performance.now();
    client.abort();
    expect(await asked).toBeInstanceOf(Error);
    // The region and operation timeouts are 10 minutes: had the gateway kept waiting, this test would time out.
    while (request.closed === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(request.closed).toBeGreaterThanOrEqual(left);
  });

  it('answers SUBGRAPH_UNAVAILABLE naming the national service when it is down, never its address', async () => {
    await cluster.national.close();
    const { text, body } = await raw('{ regions { code } }');
    // National root fields are nullable (docs/decisions/0003): the failed field is null, beside whatever else answered.
    expect(body.data).toEqual({ regions: null });
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('The national service is unavailable: cannot reach national'),
        extensions: expect.objectContaining({
          code: 'SUBGRAPH_UNAVAILABLE',
          service: 'national',
          reason: 'CONNECTION',
        }),
      }),
    ]);
    expect(text).not.toMatch(ADDRESS);
  });
});
