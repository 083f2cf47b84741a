import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_PLAN_QUERY, REGION_PLAN_ROOT_QUERY } from '../../bench/bench-queries.ts';
import { readGatewayConfig } from '../../gateway/config.ts';
import { createGatewayServer, type GatewayServer } from '../../gateway/gateway-server.ts';
import { importFiles } from '../../ingest/importing/import-files.ts';
import type { GraphQLMiddleware } from '../../shared/http/graphql-middleware.ts';
import { listen, listenAsSubgraph, type RunningServer } from '../../shared/http/listen.ts';
import { createServiceListener } from '../../shared/http/service-app.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { parseRegionCode } from '../../shared/regions/region-codes.ts';
import { metricRegistry } from '../../shared/observability/metrics.ts';
import { signSubgraphRequest } from '../../shared/security/subgraph-signature.ts';
import { createNationalService } from '../../subgraphs/national/national-service.ts';
import { createRegionalService } from '../../subgraphs/regional/regional-service.ts';
import { PLAN_FILES } from '../support/graph-cluster.ts';
import { readReadmeExamples } from '../support/readme-examples.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

const logger = createLogger('test', 'silent');
const secret = randomBytes(32).toString('hex');

interface Answer {
  status: number;
  contentType: string | undefined;
  cacheControl: string | undefined;
  body: string;
}

interface Exchange {
  request: string;
  direct: Answer;
  apollo: Answer;
}

const headerOf = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

async function ask(url: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Answer> {
  const response = await request(url, { method: 'POST', headers, body });
  return {
    status: response.statusCode,
    contentType: headerOf(response.headers, 'content-type'),
    cacheControl: headerOf(response.headers, 'cache-control'),
    body: await response.body.text(),
  };
}

/**
 * Region VI twice over one database, with the direct path and without it, behind a tee: each request the
 * gateway sends VI goes to both, the tee keeps both answers and returns the direct one's.
 */
async function startTee(directUrl: string, apolloUrl: string, exchanges: Exchange[]): Promise<Server> {
  const tee = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const { host: _host, connection: _connection, ...headers } = req.headers;
    const [direct, apollo] = await Promise.all([ask(directUrl, headers, body), ask(apolloUrl, headers, body)]);
    exchanges.push({ request: body.toString(), direct, apollo });
    res.writeHead(direct.status, { 'content-type': direct.contentType ?? 'application/json' });
    res.end(direct.body);
  });
  await new Promise<void>((resolve) => tee.listen(0, '127.0.0.1', resolve));
  return tee;
}

async function directAnswersOf(region: string): Promise<number> {
  const metric = metricRegistry.getSingleMetric('bkn_subgraph_direct_answers_total');
  const { values } = (await metric?.get()) ?? { values: [] };
  return values.filter((value) => value.labels.region === region).reduce((sum, value) => sum + value.value, 0);
}

describe("a subgraph's direct path answers as Apollo Server's pipeline does", () => {
  let database: TestDatabase;
  const services: GraphQLMiddleware[] = [];
  const servers: RunningServer[] = [];
  let tee: Server;
  let teeUrl: string;
  let gateway: GatewayServer;
  let gatewayUrl: string;
  const exchanges: Exchange[] = [];

  const serve = async (service: GraphQLMiddleware) => {
    services.push(service);
    const server = await listenAsSubgraph(createServiceListener(logger, { '/graphql': service.handle }), 0);
    servers.push(server);
    return `${server.url}/graphql`;
  };

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    const { handle, schemaPrefix } = database;
    await importFiles(handle, PLAN_FILES, { schemaPrefix });
    const common = { database: handle, logger, schemaPrefix, subgraphSecret: secret };
    const nationalUrl = await serve(await createNationalService(common));
    const direct = await serve(await createRegionalService({ ...common, region: parseRegionCode('VI') }));
    const apollo = await serve(
      await createRegionalService({ ...common, region: parseRegionCode('VI'), directPath: false }),
    );
    const twelve = await serve(await createRegionalService({ ...common, region: parseRegionCode('XII') }));
    tee = await startTee(direct, apollo, exchanges);
    teeUrl = `http://127.0.0.1:${(tee.address() as AddressInfo).port}/graphql`;
    gateway = await createGatewayServer(
      readGatewayConfig({
        NATIONAL_URL: nationalUrl,
        REGION_URLS: `VI=${teeUrl},XII=${twelve}`,
        AUTH_MODE: 'off',
        SUBGRAPH_SECRET: secret,
        ENTITY_CACHE_MB: '0',
      }),
      logger,
    );
    const gatewayServer = await listen(gateway.listener, 0);
    servers.push(gatewayServer);
    gatewayUrl = gatewayServer.url;
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await new Promise((resolve) => tee?.close(resolve));
    await gateway?.stop();
    await Promise.all(services.map((service) => service.stop()));
    await database?.dispose();
  });

  const askGateway = async (query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return response.json() as Promise<{ data?: unknown; errors?: unknown[] }>;
  };

  /** A request straight to region VI, signed as the gateway signs: for what the gateway never sends. */
  const askRegion = async (body: Record<string, unknown>) => {
    const text = JSON.stringify(body);
    const headers = signSubgraphRequest(secret, { method: 'POST', path: '/graphql', body: text, callerHeaders: {} });
    const response = await request(teeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: text,
    });
    return { status: response.statusCode, body: (await response.body.json()) as { errors?: unknown[] } };
  };

  it("gives the README's questions, plans by region and both ways of asking for one region the same bytes", async () => {
    const examples = readReadmeExamples(readFileSync('README.md', 'utf8')).filter(
      (example) => example.data === 'documents',
    );
    expect(examples.length).toBeGreaterThan(3);
    const directBefore = await directAnswersOf('VI');
    for (const example of examples) await askGateway(example.query);
    for (const year of [2021, 2022, 2024]) {
      await askGateway(REGION_PLAN_ROOT_QUERY, { code: 'VI', year });
      await askGateway(REGION_PLAN_QUERY, { code: 'VI', year });
    }
    const clean = exchanges.filter(
      (exchange) => exchange.direct.status === 200 && !/"errors"/.test(exchange.direct.body),
    );
    expect(clean.length).toBeGreaterThan(5);
    expect(await directAnswersOf('VI')).toBe(directBefore + clean.length);
    for (const exchange of exchanges) expect(exchange.direct, exchange.request).toEqual(exchange.apollo);
  });

  it('leaves every refusal and error to Apollo Server, in its exact form', async () => {
    const cells = `query Cells($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on IndicatorValue { indicatorId year filled target } }
    }`;
    const cell = (regionCode: string, indicatorId = 'IKU-01') => ({
      __typename: 'IndicatorValue',
      indicatorId,
      regionCode,
      year: 2021,
    });
    const directBefore = await directAnswersOf('VI');
    const refused = [
      await askRegion({ query: cells, variables: { representations: [cell('XII')] } }),
      await askRegion({ query: cells, variables: { representations: 'not a list' } }),
      await askRegion({ query: cells, variables: { representations: [cell('VI', 'IKU-01\u0000')] } }),
      await askRegion({
        query: cells,
        variables: { representations: Array.from({ length: 5_001 }, () => cell('VI')) },
      }),
      await askRegion({ query: '{ unknownField }' }),
      await askRegion({ query: '{ __typename', variables: {} }),
      await askRegion({ query: cells, operationName: 'Other', variables: { representations: [cell('VI')] } }),
    ];
    for (const answer of refused) expect(answer.body.errors?.length, JSON.stringify(answer.body)).toBeGreaterThan(0);
    // A body with more than a query, its variables and an operation name (here an extension) is Apollo's too.
    const withExtensions = await askRegion({
      query: cells,
      variables: { representations: [cell('VI')] },
      extensions: {},
    });
    expect(withExtensions.body.errors).toBeUndefined();
    expect(await directAnswersOf('VI')).toBe(directBefore);
    for (const exchange of exchanges.slice(-refused.length - 1))
      expect(exchange.direct, exchange.request).toEqual(exchange.apollo);

    const answered = await askRegion({ query: cells, variables: { representations: [cell('VI')] } });
    expect(answered.status).toBe(200);
    expect(await directAnswersOf('VI')).toBe(directBefore + 1);
    const last = exchanges.at(-1)!;
    expect(last.direct).toEqual(last.apollo);
  });
});
