import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSubgraphAgent, postGraphQL, SubgraphHttpError } from '../../gateway/subgraph-http/post-graphql.ts';
import { untilAborted } from '../../shared/database/abortable-queries.ts';
import { inSchema, migrateSchema } from '../../shared/database/database.ts';
import { abortWhenConnectionCloses } from '../../shared/http/request-abort-signal.ts';
import { parseRegionCode, regionSchemaName } from '../../shared/regions/region-codes.ts';
import { createLoaders } from '../../subgraphs/regional/context.ts';
import { regionalMigrations } from '../../subgraphs/regional/database/migrations/index.ts';
import type { RegionalDatabase } from '../../subgraphs/regional/database/regional-database.types.ts';
import { StatementCounter } from '../support/observed-subgraphs.ts';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

const listening = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );

describe('the gateway after its operation was cancelled', () => {
  let server: Server;
  let received = 0;
  let url: string;
  const agent = createSubgraphAgent();

  beforeAll(async () => {
    server = createServer((_request, response) => {
      received += 1;
      response.setHeader('content-type', 'application/json');
      response.end('{"data":{"answer":1}}');
    });
    url = `http://127.0.0.1:${await listening(server)}/graphql`;
  });
  afterAll(async () => {
    await agent.close();
    server.close();
  });

  it('sends no request once the signal is aborted, and says ABORTED rather than that the region is down', async () => {
    const operation = new AbortController();
    operation.abort(new Error('the client closed the connection'));
    const failure = await postGraphQL({
      agent,
      url,
      service: 'region VI',
      body: { query: '{ answer }' },
      headers: {},
      timeoutMs: 5_000,
      signal: operation.signal,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SubgraphHttpError);
    expect((failure as SubgraphHttpError).reason).toBe('ABORTED');
    expect(received).toBe(0);
    // The same call without the aborted signal reaches the service: the server is there.
    await postGraphQL({
      agent,
      url,
      service: 'region VI',
      body: { query: '{ answer }' },
      headers: {},
      timeoutMs: 5_000,
    });
    expect(received).toBe(1);
  });
});

describe('a subgraph request whose connection closes before its answer', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('aborts the signal in its context', async () => {
    const signals: AbortSignal[] = [];
    // Never answers, as a subgraph busy with a long query.
    server = createServer((request, response) => void signals.push(abortWhenConnectionCloses(request, response)));
    const port = await listening(server);
    const socket = connect(port, '127.0.0.1');
    socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
    while (signals.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(signals[0]!.aborted).toBe(false);
    socket.destroy();
    const left = performance.now();
    while (!signals[0]!.aborted && performance.now() - left < 2_000)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(signals[0]!.aborted).toBe(true);
  });
});

describe.each(TEST_ENGINES)("a cancelled request's loaders on %s", (engine) => {
  const VI = parseRegionCode('VI');
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await migrateSchema(database.handle, regionSchemaName(VI, database.schemaPrefix), regionalMigrations);
  });
  afterAll(async () => database?.dispose());

  it('start no new batch once the request is cancelled, after answering the batches before', async () => {
    const counter = new StatementCounter();
    const db = inSchema<RegionalDatabase>(database.handle, regionSchemaName(VI, database.schemaPrefix)).withPlugin(
      counter,
    );
    const request = new AbortController();
    const loaders = createLoaders(untilAborted(db, request.signal));
    expect(await loaders.planByYear.load(2021)).toBeNull();
    expect(counter.count).toBe(1);
    request.abort(new Error('the caller closed the connection before the answer was sent'));
    await expect(loaders.planByYear.load(2024)).rejects.toThrow(/Query not started: the request was cancelled/);
    // A registered code: the service does not log a caller that left as an unexpected error.
    await expect(loaders.planByYear.load(2025)).rejects.toMatchObject({ extensions: { code: 'OPERATION_ABORTED' } });
    await expect(loaders.planRevisionsByYear.load(2021)).rejects.toThrow(/cancelled/);
    expect(counter.count).toBe(1);
  });
});
