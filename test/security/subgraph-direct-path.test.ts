import { randomBytes } from 'node:crypto';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphQLMiddleware, type GraphQLMiddleware } from '../../shared/http/graphql-middleware.ts';
import { listenAsSubgraph, type RunningServer } from '../../shared/http/listen.ts';
import { createServiceListener } from '../../shared/http/service-app.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { metricRegistry } from '../../shared/observability/metrics.ts';
import { signSubgraphRequest } from '../../shared/security/subgraph-signature.ts';

const secret = randomBytes(32).toString('hex');
// Its own region label, so that other test files' counts in this worker do not mix in.
const logger = createLogger('test', 'silent').child({ service: 'regional-ZZ', region: 'ZZ' });

/** How many times each resolver ran: what one request cost. */
const runs = { answer: 0, leaky: 0 };

async function directAnswers(): Promise<number> {
  const metric = metricRegistry.getSingleMetric('bkn_subgraph_direct_answers_total');
  const { values } = (await metric?.get()) ?? { values: [] };
  return values.filter((value) => value.labels.region === 'ZZ').reduce((sum, value) => sum + value.value, 0);
}

/**
 * The direct path of a subgraph (shared/http/direct-execution.ts) as a caller meets it: behind the signature, with
 * Apollo Server's limits, and no more revealing in its errors than Apollo Server's pipeline.
 */
describe("a subgraph's direct path", () => {
  let middleware: GraphQLMiddleware;
  let server: RunningServer;

  beforeAll(async () => {
    const schema = buildSubgraphSchema({
      typeDefs: parse('type Query { answer(text: String): String, leaky: String }'),
      resolvers: {
        Query: {
          answer: (_: unknown, { text }: { text?: string }) => {
            runs.answer++;
            return text ?? 'forty-two';
          },
          leaky: () => {
            runs.leaky++;
            throw new Error('connect ECONNREFUSED 10.1.2.3:5432 reading /srv/bkn/secrets/database.env');
          },
        },
      },
    });
    middleware = await createGraphQLMiddleware({
      schema,
      logger,
      subgraphSecret: secret,
      createContext: ({ logger: requestLogger }) => ({ logger: requestLogger }),
    });
    server = await listenAsSubgraph(createServiceListener(logger, { '/graphql': middleware.handle }), 0);
  });
  afterAll(async () => {
    await server?.close();
    await middleware?.stop();
  });

  const post = (body: string, signed = true) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signed ? signSubgraphRequest(secret, { method: 'POST', path: '/graphql', body, callerHeaders: {} }) : {}),
      },
      body,
    });

  it('gives an anonymous script 401 before anything runs', async () => {
    const before = { direct: await directAnswers(), runs: runs.answer };
    const response = await post('{"query":"{ answer }"}', false);
    expect(response.status).toBe(401);
    expect((await response.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await directAnswers()).toBe(before.direct);
    expect(runs.answer).toBe(before.runs);
  });

  it('answers a signed clean request itself, resolving each field once', async () => {
    const before = { direct: await directAnswers(), runs: runs.answer };
    const response = await post('{"query":"{ answer }"}');
    expect(await response.json()).toEqual({ data: { answer: 'forty-two' } });
    expect(await directAnswers()).toBe(before.direct + 1);
    expect(runs.answer).toBe(before.runs + 1);
  });

  it('names no address or path in an error, and runs a failing request at most twice', async () => {
    const before = { direct: await directAnswers(), runs: runs.leaky };
    const response = await post('{"query":"{ leaky }"}');
    const text = await response.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(text).not.toMatch(/10\.1\.2\.3|\/srv\/|ECONNREFUSED|secrets/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // The direct attempt, dropped, then Apollo Server's answer: twice, never more.
    expect(runs.leaky).toBe(before.runs + 2);
    expect(await directAnswers()).toBe(before.direct);
  });

  it('resolves nothing for a request its limits refuse', async () => {
    const before = { direct: await directAnswers(), runs: runs.answer };
    const refused = [
      JSON.stringify({ query: '{ answer(text: "a\\u0000b") }' }),
      JSON.stringify({ query: '{ answer(text: $text) }', variables: { text: 'x'.repeat(20_000) } }),
      JSON.stringify({
        query: 'query($text: String) { answer(text: $text) }',
        variables: { text: 'x'.repeat(20_000) },
      }),
      JSON.stringify({ query: `{ ${'answer '.repeat(20_001)}}` }),
    ];
    for (const body of refused) {
      const response = await post(body);
      expect(response.status, body.slice(0, 80)).toBe(400);
    }
    expect(runs.answer).toBe(before.runs);
    expect(await directAnswers()).toBe(before.direct);
  });
});
