import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSubgraphRequest } from '../../shared/security/subgraph-signature.ts';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** What must never reach a client: an HTML page, a stack frame, a file of ours or of node_modules. */
const INTERNALS = /<html|<pre>|\bat \S+ \(|node_modules|\/work\/|\.ts:\d+|\.js:\d+|SyntaxError|Unexpected token/i;

// Express prints its HTML error page with a stack trace unless NODE_ENV is production: these apps are made
// with NODE_ENV unset, as `npm run serve:*` runs without it.
describe('a malformed body under the default NODE_ENV (pglite)', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  const nodeEnv = process.env.NODE_ENV;

  beforeAll(async () => {
    delete process.env.NODE_ENV;
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI']);
  });
  afterAll(async () => {
    process.env.NODE_ENV = nodeEnv;
    await cluster?.stop();
    await database?.dispose();
  });

  const targets = () => ({
    gateway: `${cluster.gatewayUrl}/graphql`,
    national: `${cluster.national.url}/graphql`,
    'regional VI': `${cluster.regions.get('VI')!.url}/graphql`,
  });

  for (const target of ['gateway', 'national', 'regional VI'] as const) {
    it(`gets a 400 GraphQL error in JSON from the ${target}, without a stack or a path`, async () => {
      const url = targets()[target];
      const body = '{"query": "{ regions { code } }",';
      // Subgraphs check the signature first (an unsigned body is refused 401 before it is read): this one is
      // signed as the gateway would sign it, so that the broken JSON itself is what is refused.
      const signature =
        target === 'gateway'
          ? {}
          : signSubgraphRequest(cluster.subgraphSecret!, {
              method: 'POST',
              path: new URL(url).pathname,
              body,
              callerHeaders: {},
            });
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signature },
        body,
      });
      const text = await response.text();
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(text).not.toMatch(INTERNALS);
      expect(JSON.parse(text)).toEqual({
        errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
      });
    });
  }

  // An IDE that sends the previous tab's operation name with the new tab's query. The gateway's shortcut for
  // one-region questions read the operation before Apollo had found none by that name, and answered 500.
  it('refuses an operation name the document does not have, naming it, without an internal error', async () => {
    const response = await fetch(targets().gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query PlanOfMedan { plan(region: "VI", year: 2021) { year } }',
        operationName: 'CompareStaff',
      }),
    });
    const text = await response.text();
    expect(response.status, text).toBe(400);
    expect(text).not.toMatch(INTERNALS);
    expect(JSON.parse(text)).toEqual({
      errors: [
        { message: 'Unknown operation named "CompareStaff".', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } },
      ],
    });
  });

  it('gets JSON, not an HTML page, for a path a subgraph does not serve', async () => {
    const response = await fetch(`${cluster.national.url}/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.text()).not.toMatch(INTERNALS);
  });
});
