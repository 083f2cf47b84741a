import { ApolloServer, HeaderMap } from '@apollo/server';
import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * patches/@apollo+server+*.patch (applied by npm's postinstall): the request context Apollo Server hands a gateway
 * forwards `response.http.status` through a class's accessors instead of an object literal's, which on Node 20 kept
 * every request alive until a full collection (docs/performance.md, seventeenth pass). This holds the patch to
 * its two promises: the status is no longer an accessor of the object itself, and it still forwards both ways.
 */
describe('the patched request context Apollo Server hands a gateway', () => {
  let seen: { status?: number } | undefined;
  let statusSeen: number | undefined;
  const executor: GatewayExecutor = async (requestContext) => {
    const http = requestContext.response!.http!;
    seen = http;
    statusSeen = http.status;
    http.status = 418;
    return { data: { hello: 'hi' } };
  };
  const schema = buildSchema('type Query { hello: String }');
  let listener: ((schemaContext: { apiSchema: typeof schema; coreSupergraphSdl: string }) => void) | undefined;
  const server = new ApolloServer({
    gateway: {
      async load() {
        listener?.({ apiSchema: schema, coreSupergraphSdl: '' });
        return { schema, executor };
      },
      onSchemaLoadOrUpdate(callback) {
        listener = callback;
        return () => {};
      },
      async stop() {},
    },
  });
  beforeAll(async () => server.start());
  afterAll(async () => server.stop());

  it('forwards the status through accessors of a class, both ways', async () => {
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: 'POST',
        headers: new HeaderMap([['content-type', 'application/json']]),
        search: '',
        body: { query: '{ hello }' },
      },
      context: async () => ({}),
    });
    expect(response.status).toBe(418);
    expect(statusSeen).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(seen!, 'status')).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(seen!), 'status')?.get).toBeTypeOf('function');
  });
});
