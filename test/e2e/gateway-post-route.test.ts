import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHQL_BODY_LIMIT_BYTES } from '../../gateway/http/graphql-post-route.ts';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

const BI_ORIGIN = 'https://bi.bkn.test';
/** Answered on the node:http route. */
const PLAIN = 'application/json';
/** The same body, but a media type parameter the route leaves to express (express.json() reads it all the same). */
const WITH_PARAMETER = 'application/json; profile="test"';
/** Headers that differ between any two answers, whichever route wrote them. */
const PER_ANSWER = new Set(['date', 'x-request-id', 'content-length', 'keep-alive', 'connection']);

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * The gateway answers POST /graphql on node:http and everything else through express; both must answer a
 * request alike. Each case is sent both ways (the content type alone picks the route) and compared.
 */
describe("the gateway's POST /graphql route answers as its express route does", () => {
  let database: TestDatabase;
  let cluster: GraphCluster;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI'], {
      gatewayEnv: { CORS_ORIGINS: BI_ORIGIN, AUTH_MODE: 'optional' },
    });
  });
  afterAll(async () => {
    await cluster?.stop();
    await database?.dispose();
  });

  async function post(contentType: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${cluster.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...headers },
      body,
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const answerHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      answerHeaders[name] = value;
    });
    return { status: response.status, headers: answerHeaders, body: bytes };
  }

  /** What must be equal: status, every header but the per-answer ones (the CSP's nonce blanked), the body. */
  const comparable = (answer: Answer) => ({
    status: answer.status,
    headers: Object.fromEntries(
      Object.entries(answer.headers)
        .filter(([name]) => !PER_ANSWER.has(name))
        .map(([name, value]) => [name, value.replace(/'nonce-[^']+'/, "'nonce-…'")]),
    ),
    body: JSON.parse(answer.body.toString('utf8')),
  });

  async function bothWays(body: string, headers: Record<string, string> = {}) {
    const onRoute = await post(PLAIN, body, headers);
    const onExpress = await post(WITH_PARAMETER, body, headers);
    return { onRoute, onExpress };
  }

  it('answers a query alike: data, security headers, CORS, and no ETag hashed over the answer', async () => {
    const body = JSON.stringify({ query: '{ plan(region: "VI", year: 2021) { regionCode year totalBudget } }' });
    const { onRoute, onExpress } = await bothWays(body, { origin: BI_ORIGIN });
    expect(onRoute.status).toBe(200);
    expect(JSON.parse(onRoute.body.toString()).data.plan).toEqual({
      regionCode: 'VI',
      year: 2021,
      totalBudget: 12218328000,
    });
    expect(onRoute.headers['access-control-allow-origin']).toBe(BI_ORIGIN);
    expect(onRoute.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(onRoute.headers['x-content-type-options']).toBe('nosniff');
    expect(onRoute.headers['x-request-id']).toBeTruthy();
    expect(onRoute.headers.etag).toBeUndefined();
    const { etag: _etag, ...expressHeaders } = comparable(onExpress).headers;
    expect({ ...comparable(onRoute), headers: comparable(onRoute).headers }).toEqual({
      ...comparable(onExpress),
      headers: expressHeaders,
    });
  });

  it('compresses an answer over 1 KB for a client that accepts gzip, as express does', async () => {
    const body = JSON.stringify({ query: '{ plan(region: "VI", year: 2021) { budgetLines { code name amount } } }' });
    const { onRoute, onExpress } = await bothWays(body, { 'accept-encoding': 'gzip' });
    expect(onRoute.headers['content-encoding']).toBe('gzip');
    expect(onRoute.headers.vary).toMatch(/Accept-Encoding/);
    // fetch has decoded the bodies it received compressed.
    const route = comparable(onRoute);
    const express = comparable(onExpress);
    expect(route.body.data.plan.budgetLines.length).toBeGreaterThan(10);
    expect(route.body).toEqual(express.body);
    expect(route.status).toBe(express.status);
    expect(onRoute.headers.vary).toBe(onExpress.headers.vary);
  });

  it('answers a client that names no encoding as it is, both ways, saying that the answer varies by it', async () => {
    // fetch always sends Accept-Encoding; node:http sends only the headers it is given.
    const postPlainly = (contentType: string, body: string) =>
      new Promise<{ headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
        const request = httpRequest(
          `${cluster.gatewayUrl}/graphql`,
          { method: 'POST', headers: { 'content-type': contentType } },
          async (response) => {
            let text = '';
            for await (const chunk of response) text += chunk;
            resolve({ headers: response.headers, body: text });
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    const body = JSON.stringify({ query: '{ plan(region: "VI", year: 2021) { budgetLines { code name amount } } }' });
    for (const contentType of [PLAIN, WITH_PARAMETER]) {
      const answer = await postPlainly(contentType, body);
      expect(answer.headers['content-encoding'], contentType).toBeUndefined();
      expect(answer.headers.vary, contentType).toMatch(/Accept-Encoding/);
      expect(JSON.parse(answer.body).data.plan.budgetLines.length).toBeGreaterThan(10);
    }
  });

  it('refuses what express refuses, with the same JSON: malformed, oversized, bad credentials, invalid query', async () => {
    const oversized = JSON.stringify({ query: `{ regions { code } } #${'x'.repeat(GRAPHQL_BODY_LIMIT_BYTES)}` });
    const cases: Array<[string, string, Record<string, string>, number]> = [
      ['malformed JSON', '{"query": ', {}, 400],
      ['a JSON string, not an object', '"{ regions { code } }"', {}, 400],
      ['over 1 MB', oversized, {}, 413],
      ['a bad API key', JSON.stringify({ query: '{ regions { code } }' }), { 'x-api-key': 'bkn_not-a-key' }, 401],
      ['an unknown field', JSON.stringify({ query: '{ nothingHere }' }), {}, 400],
    ];
    for (const [what, body, headers, status] of cases) {
      const { onRoute, onExpress } = await bothWays(body, headers);
      expect(onRoute.status, what).toBe(status);
      const { etag: _etag, ...expressHeaders } = comparable(onExpress).headers;
      expect(comparable(onRoute), what).toEqual({ ...comparable(onExpress), headers: expressHeaders });
    }
  });
});
