import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCallerHeaders, signSubgraphRequest } from '../../shared/security/subgraph-signature.ts';
import { startObservedSubgraphs, type ObservedSubgraphs } from '../support/observed-subgraphs.ts';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

const SECRET = randomBytes(32).toString('hex');
const OTHER_SECRET = randomBytes(32).toString('hex');
const CALLER = encodeCallerHeaders({ subject: 'analyst-sumatra', roles: ['analyst'] });

/** A query each service answers with a statement: national reads its directory, regional VI its plan. */
const QUERIES = {
  regional: { query: 'query { plan(region: "VI", year: 2021) { year } }' },
  national: { query: 'query { regions { code } }' },
};

function signedHeaders(
  url: string,
  body: string,
  options: { secret?: string; now?: number; caller?: Record<string, string> } = {},
) {
  return signSubgraphRequest(options.secret ?? SECRET, {
    method: 'POST',
    path: new URL(url).pathname,
    body,
    callerHeaders: options.caller ?? CALLER,
    now: options.now,
  });
}

async function post(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      data?: unknown;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    },
  };
}

describe.each(TEST_ENGINES)('subgraphs on %s answer only requests the gateway signed (SUBGRAPH_SECRET)', (engine) => {
  let database: TestDatabase;
  let subgraphs: ObservedSubgraphs;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    subgraphs = await startObservedSubgraphs(database, { subgraphSecret: SECRET });
  });
  afterAll(async () => {
    await subgraphs?.stop();
    await database?.dispose();
  });

  /** Sends a request that must be refused, and checks that nothing behind the signature check ran. */
  async function expectRefused(url: string, body: string, headers: Record<string, string>, reason: RegExp) {
    const contexts = subgraphs.contexts();
    const statements = subgraphs.statements();
    const answer = await post(url, body, headers);
    expect(answer.status).toBe(401);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toEqual([
      { message: expect.stringMatching(reason), extensions: { code: 'UNAUTHENTICATED' } },
    ]);
    expect(subgraphs.contexts()).toBe(contexts);
    expect(subgraphs.statements()).toBe(statements);
  }

  for (const service of ['regional', 'national'] as const) {
    describe(`the ${service} service`, () => {
      const url = () => subgraphs.urls[service];
      const body = JSON.stringify(QUERIES[service]);

      it('answers a signed request, runs it once and logs who asked', async () => {
        const contexts = subgraphs.contexts();
        const statements = subgraphs.statements();
        const answer = await post(url(), body, signedHeaders(url(), body));
        expect(answer.status).toBe(200);
        expect(answer.body.errors).toBeUndefined();
        expect(subgraphs.contexts()).toBe(contexts + 1);
        expect(subgraphs.statements()).toBeGreaterThan(statements);
        expect(
          subgraphs
            .logLines()
            .filter((line) => line.msg === 'subgraph request')
            .at(-1),
        ).toMatchObject({ caller: 'analyst-sumatra', roles: ['analyst'], signed: true });
      });

      it('refuses an unsigned request with 401 UNAUTHENTICATED before anything runs', async () => {
        await expectRefused(url(), body, {}, /not signed/);
      });

      it('refuses a request signed with another secret', async () => {
        await expectRefused(url(), body, signedHeaders(url(), body, { secret: OTHER_SECRET }), /does not match/);
      });

      it('refuses a signed request whose body, caller or path was changed on the way', async () => {
        const otherBody = JSON.stringify({ query: '{ __typename }' });
        await expectRefused(url(), otherBody, signedHeaders(url(), body), /does not match/);
        await expectRefused(
          url(),
          body,
          { ...signedHeaders(url(), body), 'x-bkn-roles': 'analyst,admin' },
          /does not match/,
        );
        const otherPath = url().replace('/graphql', '/graphql?x=1');
        await expectRefused(otherPath, body, signedHeaders(url(), body), /does not match/);
      });

      it('refuses a stale signature (61 s old) and one from the future (30 s ahead)', async () => {
        await expectRefused(url(), body, signedHeaders(url(), body, { now: Date.now() - 61_000 }), /stale/);
        await expectRefused(url(), body, signedHeaders(url(), body, { now: Date.now() + 30_000 }), /future/);
      });

      it('refuses a signed request sent a second time', async () => {
        const headers = signedHeaders(url(), body);
        expect((await post(url(), body, headers)).status).toBe(200);
        await expectRefused(url(), body, headers, /used before/);
      });

      it('refuses an unsigned request before its body arrives', async () => {
        // Headers announcing a megabyte that never comes: a server that waited for the body would answer
        // 408 Request Timeout at its request timeout (shared/http/listen.ts), never 401.
        const { hostname, port, pathname } = new URL(url());
        const socket = connect(Number(port), hostname);
        const firstLine = await new Promise<string>((resolve, reject) => {
          socket.once('data', (chunk) => resolve(String(chunk).split('\r\n')[0]!));
          socket.once('error', reject);
          socket.write(
            `POST ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ` +
              '1000000\r\n\r\n{"query":',
          );
        });
        socket.destroy();
        expect(firstLine).toBe('HTTP/1.1 401 Unauthorized');
      });
    });
  }
});
