import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCallerHeaders, signSubgraphRequest } from '../../shared/security/subgraph-signature.ts';
import { startObservedSubgraphs, type ObservedSubgraphs } from '../support/observed-subgraphs.ts';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

const SECRET = randomBytes(32).toString('hex');

/** Signed as the gateway signs: the caps hold even for a request that gets past the signature. */
async function postSigned(url: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const headers = signSubgraphRequest(SECRET, {
    method: 'POST',
    path: new URL(url).pathname,
    body,
    callerHeaders: encodeCallerHeaders({ subject: 'probe', roles: [] }),
  });
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      data?: any;
      errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
    },
  };
}

describe.each(TEST_ENGINES)('subgraph caps on %s: what one request may cost', (engine) => {
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

  it('refuses 30,000 Region representations before any SQL, without the memory to answer them', async () => {
    const representations = Array.from({ length: 30_000 }, () => ({ __typename: 'Region', code: 'VI' }));
    const payload = {
      query: 'query($r:[_Any!]!){_entities(representations:$r){... on Region{ code plan(year: 2021) { year } }}}',
      variables: { r: representations },
    };
    const statements = subgraphs.statements();
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const answer = await postSigned(subgraphs.urls.regional, payload);
    const grownMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toEqual([
      {
        message: 'At most 5000 representations are accepted in one _entities request; got 30000',
        extensions: { code: 'TOO_MANY_REPRESENTATIONS', max: 5000, received: 30000 },
      },
    ]);
    expect(grownMb).toBeLessThan(48);
    expect(subgraphs.statements()).toBe(statements);
  });

  it('still answers as many representations as the gateway sends (a region-year per year, 98 cells)', async () => {
    const representations = Array.from({ length: 98 }, (_, index) => ({
      __typename: 'RegionYear',
      regionCode: 'VI',
      year: 2000 + (index % 30),
    }));
    const answer = await postSigned(subgraphs.urls.regional, {
      query: 'query($r:[_Any!]!){_entities(representations:$r){... on RegionYear{ regionCode year totalBudget }}}',
      variables: { r: representations },
    });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data._entities).toHaveLength(98);
  });

  it('refuses a NUL byte in a representation as BAD_USER_INPUT before any SQL (it was PostgreSQL error 22021)', async () => {
    const statements = subgraphs.statements();
    const answer = await postSigned(subgraphs.urls.national, {
      query: 'query($r:[_Any!]!){_entities(representations:$r){... on Indicator{ id name }}}',
      variables: { r: [{ __typename: 'Indicator', id: 'IKU-09\u0000' }] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(answer.body.errors?.[0]?.message).toContain('U+0000');
    expect(subgraphs.statements()).toBe(statements);
  });

  it('refuses an operation deeper than 16 fields, and one of more than 20,000 tokens, before any SQL', async () => {
    const statements = subgraphs.statements();
    const nested = (levels: number) =>
      `{ plan(region: "VI", year: 2021) { ${'revisions { '.repeat(levels)} year ${'} '.repeat(levels)} } }`;
    const deep = await postSigned(subgraphs.urls.regional, { query: nested(15) });
    expect(deep.status).toBe(400);
    expect(deep.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('depth limit of 16 exceeded, found 17'),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
    const long = await postSigned(subgraphs.urls.national, { query: `{ ${'a: __typename '.repeat(7_000)} }` });
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('more that 20000 tokens'),
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      }),
    ]);
    expect(subgraphs.statements()).toBe(statements);
    // At the limit, an operation still runs.
    expect((await postSigned(subgraphs.urls.regional, { query: nested(14) })).body.errors).toBeUndefined();
  });

  it('does not suggest field names to whoever probes the schema', async () => {
    const answer = await postSigned(subgraphs.urls.national, { query: '{ regions { cod } }' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors![0]!.message).toContain('Cannot query field "cod" on type "Region"');
    expect(answer.body.errors![0]!.message).not.toContain('Did you mean');
    expect(answer.body.errors![0]!.message).not.toContain('"code"');
  });
});
