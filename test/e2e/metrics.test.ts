import { mkdtempSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../gateway/auth/api-key-file.ts';
import { readGatewayConfig } from '../../gateway/config.ts';
import { createGatewayServer, type GatewayServer } from '../../gateway/gateway-server.ts';
import { listen, type RunningServer } from '../../shared/http/listen.ts';
import { createServiceApp } from '../../shared/http/service-app.ts';
import { observeDatabasePool } from '../../shared/observability/database-metrics.ts';
import { startGraphCluster, type GraphCluster, ENTITY_CACHE_OFF } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** One sample of a Prometheus text answer: the sum of the series of `name` whose labels include `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let sum: number | undefined;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) sum = (sum ?? 0) + Number(match[3]);
  }
  return sum;
}

/** Series of `name` as label sets, for assertions on labels alone. */
function seriesOf(text: string, name: string): Array<Record<string, string>> {
  return text.split('\n').flatMap((line) => {
    const match = /^([a-zA-Z_:][\w:]*)\{(.*)\} \S+$/.exec(line);
    if (!match || match[1] !== name) return [];
    return [
      Object.fromEntries([...match[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1]!, pair[2]!])),
    ];
  });
}

const COMPARE =
  'query CompareTargets { compareIndicator(indicator: "IKU-09", regions: ["VI", "XII", "I"], years: [2021]) { rows ' +
  '{ region { code } year target } } }';
/** Region I is routed to a port where nothing listens: every call to it fails to connect. */
const DEAD_REGION = 'I=http://127.0.0.1:9/graphql';
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address?.family === 'IPv4' && !address.internal)?.address;

describe('metrics and the access log', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  let gateway: GatewayServer;
  let server: RunningServer;
  let analystKey: string;
  let rolelessKey: string;
  const logLines: Array<Record<string, any>> = [];

  const scrape = async (url = server.url) => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    return response.text();
  };
  const query = async (text: string) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': analystKey },
      body: JSON.stringify({ query: text }),
    });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
  };

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI', 'XII'], { gatewayEnv: ENTITY_CACHE_OFF });
    const apiKeysFile = join(mkdtempSync(join(tmpdir(), 'metrics-keys-')), 'api-keys.json');
    analystKey = createApiKey(apiKeysFile, { name: 'analyst-jakarta', roles: ['analyst'] }).key;
    rolelessKey = createApiKey(apiKeysFile, { name: 'no-role', roles: [] }).key;
    const regionUrls = [...cluster.regions].map(([region, regionServer]) => `${region}=${regionServer.url}/graphql`);
    const config = readGatewayConfig({
      NATIONAL_URL: `${cluster.national.url}/graphql`,
      REGION_URLS: [...regionUrls, DEAD_REGION].join(','),
      SUBGRAPH_SECRET: cluster.subgraphSecret!,
      AUTH_MODE: 'required',
      API_KEYS_FILE: apiKeysFile,
      RESPONSE_CACHE_TTL_SECONDS: '300',
      DATA_VERSION_POLL_MS: '200',
      ...ENTITY_CACHE_OFF,
      REGION_TIMEOUT_MS: '3000',
    });
    const logger = pino(
      { level: 'info', base: { service: 'gateway' } },
      { write: (line: string) => void logLines.push(JSON.parse(line)) },
    );
    gateway = await createGatewayServer(config, logger);
    // Every address: the test reaches it through loopback and through the machine's own address.
    server = await listen(gateway.listener, 0, '0.0.0.0');
  });
  afterAll(async () => {
    await server?.close();
    await gateway?.stop();
    await cluster?.stop();
    await database?.dispose();
  });

  it('counts operations, their errors and duration by name, and subgraph calls by subgraph and region', async () => {
    const before = await scrape();
    const answer = await query(COMPARE);
    expect(answer.status).toBe(200);
    expect(answer.body.errors?.map((error) => [error.extensions.code, error.extensions.region])).toContainEqual([
      'REGION_UNAVAILABLE',
      'I',
    ]);
    const after = await scrape();

    const delta = (name: string, labels: Record<string, string>) =>
      (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(delta('bkn_gateway_operations_total', { operation: 'CompareTargets', status: '200' })).toBe(1);
    expect(delta('bkn_gateway_operation_duration_seconds_count', { operation: 'CompareTargets' })).toBe(1);
    expect(
      delta('bkn_gateway_operation_errors_total', { operation: 'CompareTargets', code: 'REGION_UNAVAILABLE' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      delta('bkn_gateway_region_errors_total', { region: 'I', code: 'REGION_UNAVAILABLE' }),
    ).toBeGreaterThanOrEqual(1);
    for (const region of ['VI', 'XII']) {
      expect(delta('bkn_gateway_subgraph_requests_total', { subgraph: 'regional', region })).toBeGreaterThanOrEqual(1);
      expect(
        delta('bkn_gateway_subgraph_request_duration_seconds_count', { subgraph: 'regional', region }),
      ).toBeGreaterThanOrEqual(1);
      expect(delta('bkn_gateway_subgraph_errors_total', { subgraph: 'regional', region })).toBe(0);
    }
    expect(delta('bkn_gateway_subgraph_requests_total', { subgraph: 'national', region: '' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(
      delta('bkn_gateway_subgraph_errors_total', { subgraph: 'regional', region: 'I', reason: 'connection' }),
    ).toBe(1);
  });

  it("serves each subgraph's own operations on its /metrics, by service, region and operation name", async () => {
    await query(COMPARE);
    const text = await scrape(cluster.regions.get('VI')!.url);
    const series = seriesOf(text, 'bkn_subgraph_operations_total');
    expect(series).toContainEqual(
      expect.objectContaining({ region: 'VI', operation: expect.stringMatching(/^CompareTargets__regional__\d+$/) }),
    );
    expect(series).toContainEqual(
      expect.objectContaining({ region: '', operation: expect.stringMatching(/^CompareTargets__national__\d+$/) }),
    );
    expect(seriesOf(text, 'bkn_subgraph_operation_duration_seconds_count')).toContainEqual(
      expect.objectContaining({ region: 'XII' }),
    );
  });

  it('writes one JSON access-log line per operation: name, cost, duration, status, caller, regions asked and failed', async () => {
    const start = logLines.length;
    await query(COMPARE);
    const lines = logLines.slice(start).filter((line) => line.msg === 'operation');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual(
      expect.objectContaining({
        level: 30,
        operationName: 'CompareTargets',
        cost: expect.any(Number),
        ms: expect.any(Number),
        status: 200,
        caller: 'analyst-jakarta',
        regionsAsked: expect.arrayContaining(['VI', 'XII']),
        regionsFailed: ['I'],
        requestId: expect.any(String),
      }),
    );
    expect(lines[0]!.cost).toBeGreaterThan(0);
  });

  it('counts response cache hits and misses, and shows the data version', async () => {
    // The cache serves nothing until the gateway knows the data version.
    await expect
      .poll(async () => sample(await scrape(), 'bkn_data_version'), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(0);
    const before = await scrape();
    await query('query RegionCodes { regions { code } }');
    await query('query RegionCodes { regions { code } }');
    const after = await scrape();
    const delta = (result: string) =>
      (sample(after, 'bkn_gateway_response_cache_total', { result }) ?? 0) -
      (sample(before, 'bkn_gateway_response_cache_total', { result }) ?? 0);
    expect(delta('miss')).toBe(1);
    expect(delta('hit')).toBe(1);
    expect(sample(after, 'bkn_data_version_changed_timestamp_seconds')).toBe(0);
  });

  it('shows an open circuit as bkn_circuit_open 1 for that region, 0 or absent for the others', async () => {
    await expect
      .poll(
        async () => {
          await query(COMPARE);
          return sample(await scrape(), 'bkn_circuit_open', { subgraph: 'regional', region: 'I' });
        },
        { timeout: 20_000, interval: 50 },
      )
      .toBe(1);
    expect(sample(await scrape(), 'bkn_circuit_open', { subgraph: 'regional', region: 'VI' }) ?? 0).toBe(0);
  });

  it.skipIf(!outsideAddress)("lets only analysts and the local machine read the gateway's metrics", async () => {
    const outside = `http://${outsideAddress}:${server.port}/metrics`;
    expect((await fetch(outside)).status).toBe(403);
    expect((await fetch(outside, { headers: { 'x-api-key': rolelessKey } })).status).toBe(403);
    const forged = await fetch(outside, { headers: { 'x-forwarded-for': '127.0.0.1' } });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })] });
    const analyst = await fetch(outside, { headers: { 'x-api-key': analystKey } });
    expect(analyst.status).toBe(200);
    expect(await analyst.text()).toContain('bkn_gateway_operations_total');
  });

  it('serves /metrics only on METRICS_PORT when it is set', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createHttpServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const previous = process.env.METRICS_PORT;
    process.env.METRICS_PORT = String(port);
    let service: RunningServer;
    try {
      service = await listen(
        createServiceApp(pino({ level: 'silent' }), () => {}),
        0,
      );
    } finally {
      if (previous === undefined) delete process.env.METRICS_PORT;
      else process.env.METRICS_PORT = previous;
    }
    try {
      expect((await fetch(`${service.url}/metrics`)).status).toBe(404);
      await expect
        .poll(async () => (await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => undefined))?.status, {
          timeout: 5_000,
        })
        .toBe(200);
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toContain('bkn_subgraph_operations_total');
      expect((await fetch(`http://127.0.0.1:${port}/graphql`)).status).toBe(404);
    } finally {
      await service.close();
    }
  });
});

describe('database pool metrics', () => {
  let silentDatabase: TcpServer;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // A "database" that accepts connections and never answers: connections stay pending, callers wait.
    silentDatabase = createTcpServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silentDatabase.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silentDatabase.close(resolve));
  });

  it("reports the pool's connections and the callers waiting for one", async () => {
    const { port } = silentDatabase.address() as { port: number };
    const pool = new pg.Pool({
      connectionString: `postgres://bkn@127.0.0.1:${port}/bkn`,
      max: 1,
      connectionTimeoutMillis: 3_000,
    });
    observeDatabasePool(pool, 'silent');
    const attempts = [pool.connect(), pool.connect()].map((attempt) =>
      attempt.then(
        () => 'connected',
        () => 'failed',
      ),
    );
    const text = await (await import('../../shared/observability/metrics.ts')).metricRegistry.metrics();
    expect(sample(text, 'bkn_db_pool_connections', { pool: 'silent', state: 'total' })).toBe(1);
    expect(sample(text, 'bkn_db_pool_connections', { pool: 'silent', state: 'idle' })).toBe(0);
    expect(sample(text, 'bkn_db_pool_connections', { pool: 'silent', state: 'waiting' })).toBe(1);
    expect(await Promise.all(attempts)).toEqual(['failed', 'failed']);
    await pool.end();
  });
});
