import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import express from 'express';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.ts';
import { createGatewayServer, type GatewayServer } from '../../gateway/gateway-server.ts';
import { createGraphQLMiddleware } from '../../shared/http/graphql-middleware.ts';
import { listen, type RunningServer } from '../../shared/http/listen.ts';
import { createLogger } from '../../shared/logging/logger.ts';

const logger = createLogger('test', 'silent');
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';

const books = {
  typeDefs: `${LINK}\n type Query { books: [Book!]! }\n type Book @key(fields: "isbn") { isbn: ID! title: String! }`,
  resolvers: {
    Query: {
      books: () => [
        { isbn: '1', title: 'Bumi Manusia' },
        { isbn: '2', title: 'Laskar Pelangi' },
      ],
    },
  },
};
const reviews = {
  typeDefs: `${LINK}\n type Book @key(fields: "isbn") { isbn: ID! stars: Int! }`,
  resolvers: {
    Book: { __resolveReference: (book: { isbn: string }) => ({ isbn: book.isbn, stars: Number(book.isbn) + 3 }) },
  },
};

/** Any Federation 2 supergraph, unrelated to BKN: the gateway core must serve it as it is. */
describe('the gateway core with an unrelated supergraph', () => {
  const servers: RunningServer[] = [];
  let gateway: GatewayServer;
  let gatewayServer: RunningServer;

  beforeAll(async () => {
    const subgraphs = [];
    for (const [name, subgraph] of Object.entries({ books, reviews })) {
      const middleware = await createGraphQLMiddleware({
        schema: buildSubgraphSchema({ typeDefs: parse(subgraph.typeDefs), resolvers: subgraph.resolvers as never }),
        logger,
        createContext: () => ({ logger }),
      });
      const app = express();
      app.use('/graphql', ...middleware.handler);
      const server = await listen(app, 0);
      servers.push(server);
      subgraphs.push({ name, url: `${server.url}/graphql`, typeDefs: parse(subgraph.typeDefs) });
    }
    const composed = composeServices(subgraphs);
    if (composed.errors) throw new Error(composed.errors.map((error) => error.message).join('\n'));
    const supergraphFile = join(mkdtempSync(join(tmpdir(), 'supergraph-')), 'supergraph.graphql');
    writeFileSync(supergraphFile, composed.supergraphSdl);
    // No URL overrides and no REGION_URLS: each subgraph is called at the URL written in the supergraph.
    gateway = await createGatewayServer(
      readGatewayConfig({ SUPERGRAPH_FILE: supergraphFile, AUTH_MODE: 'off' }),
      logger,
    );
    gatewayServer = await listen(gateway.listener, 0);
  });
  afterAll(async () => {
    await gatewayServer?.close();
    await gateway?.stop();
    await Promise.all(servers.map((server) => server.close()));
  });

  it('federates the subgraphs at the URLs in the supergraph, with no region routing', async () => {
    const response = await fetch(`${gatewayServer.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ books { isbn title stars } }' }),
    });
    expect(await response.json()).toEqual({
      data: {
        books: [
          { isbn: '1', title: 'Bumi Manusia', stars: 4 },
          { isbn: '2', title: 'Laskar Pelangi', stars: 5 },
        ],
      },
    });
    const health = await (await fetch(`${gatewayServer.url}/health`)).json();
    expect(health.subgraphs.map((subgraph: any) => [subgraph.name, subgraph.status])).toEqual([
      ['books', 'up'],
      ['reviews', 'up'],
    ]);
  });
});
