import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../shared/database/database.ts';
import { importFiles } from '../../ingest/importing/import-files.ts';
import { PLAN_FILES } from '../support/graph-cluster.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts';
import { freePort, startServiceProcess, waitFor200, type ServiceProcess } from '../support/service-process.ts';

const EXPORT_PATH =
  '/export/indicators.csv?indicators=IKU-09,IKU-03&regions=VI,XII&years=2021,2023,2024&kinds=DOCUMENT';
const REGION_DELAY_MS = 2_500;
const GRACE_MS = 10_000;
/**
 * The gateway's grace in the export test: longer than the test's timeout, so that a gateway that waited out its
 * grace instead of exiting once the export was answered fails the test, with no clock to read.
 */
const LONG_GRACE_MS = 600_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits for `condition`, however long a loaded machine takes: the test's timeout is the bound. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await sleep(20);
}

/**
 * A slow region, honestly: forwards each request to `target` at once and holds the answer back for `delayMs`
 * (the request, signature included, reaches the region unchanged). `received()` counts the requests so far.
 */
async function startDelayingProxy(
  target: string,
  delayMs: number,
): Promise<{ url: string; server: Server; received: () => number }> {
  const port = await freePort();
  let received = 0;
  const server = createServer((req, res) => {
    received += 1;
    const upstream = httpRequest(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () =>
          setTimeout(() => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(chunks));
          }, delayMs),
        );
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, server, received: () => received };
}

const connectionRefused = async (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    (response) => `answered ${response.status}`,
    (error: Error) => String((error.cause as { code?: string } | undefined)?.code ?? error.message),
  );

describe('graceful shutdown: SIGTERM lets requests in flight finish, then the process exits 0', () => {
  let postgres: PrivatePostgres;
  let national: ServiceProcess;
  let regionVI: ServiceProcess;
  let regionXII: ServiceProcess;
  let proxy: Awaited<ReturnType<typeof startDelayingProxy>>;
  let secret: string;
  /** Gateways a failed test may leave running, killed after the file. */
  const gateways: ServiceProcess[] = [];
  const startGateway = async (env: Record<string, string>) => {
    const gateway = await startServiceProcess('gateway', 'gateway/main.ts', {
      NATIONAL_URL: `${national.url}/graphql`,
      SUBGRAPH_SECRET: secret,
      AUTH_MODE: 'off',
      RATE_LIMIT: 'off',
      // Every export here must reach the slow region: nothing is answered from the entity cache.
      ENTITY_CACHE_MB: '0',
      ...env,
    });
    gateways.push(gateway);
    return gateway;
  };

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    const handle = await openDatabase({ databaseUrl: postgres.url });
    await importFiles(handle, PLAN_FILES);
    await handle.close();
    secret = randomBytes(32).toString('hex');
    const common = { DATABASE_URL: postgres.url, SUBGRAPH_SECRET: secret, SHUTDOWN_GRACE_MS: String(GRACE_MS) };
    [national, regionVI, regionXII] = await Promise.all([
      startServiceProcess('national', 'subgraphs/national/main.ts', common),
      startServiceProcess('regional VI', 'subgraphs/regional/main.ts', { ...common, REGION: 'VI' }),
      startServiceProcess('regional XII', 'subgraphs/regional/main.ts', { ...common, REGION: 'XII' }),
    ]);
    for (const service of [national, regionVI, regionXII]) await waitFor200(`${service.url}/ready`, 60_000, service);
    proxy = await startDelayingProxy(regionVI.url, REGION_DELAY_MS);
  }, 180_000);

  afterAll(async () => {
    for (const gateway of gateways) if (gateway.exitCode() === null) gateway.child.kill('SIGKILL');
    proxy?.server.closeAllConnections();
    proxy?.server.close();
    await Promise.all([national, regionVI, regionXII].filter(Boolean).map((service) => service.stop()));
    await postgres?.dispose();
  });

  it('finishes an export in flight through a slow region after SIGTERM, refuses new connections, and exits 0', async () => {
    const gateway = await startGateway({
      REGION_URLS: `VI=${proxy.url}/graphql,XII=${regionXII.url}/graphql`,
      SHUTDOWN_GRACE_MS: String(LONG_GRACE_MS),
    });
    await waitFor200(`${gateway.url}/ready`, 60_000, gateway);
    // The same rows in another order: a different question, so the gateway's cache of complete exports
    // cannot answer the request below, which has to go through the slow region.
    const expected = await (
      await fetch(`${gateway.url}${EXPORT_PATH.replace('IKU-09,IKU-03', 'IKU-03,IKU-09')}`)
    ).text();
    expect(expected.split('\n').length).toBeGreaterThan(3);
    const sortedRows = (csv: string) => csv.trimEnd().split('\n').slice(1).sort();

    const events: string[] = [];
    const askedBefore = proxy.received();
    const inFlight = fetch(`${gateway.url}${EXPORT_PATH}`).then(async (response) => {
      const answer = { status: response.status, text: await response.text() };
      events.push('export answered');
      return answer;
    });
    // In flight: region VI has the export's request, and holds its answer for REGION_DELAY_MS.
    await until(() => proxy.received() > askedBefore);
    gateway.child.kill('SIGTERM');
    events.push('SIGTERM');
    await until(async () => (await connectionRefused(`${gateway.url}/live`)) === 'ECONNREFUSED');
    events.push('new connection refused');
    const [answer, exit] = await Promise.all([inFlight, gateway.exited]);

    // Stopped accepting while the export was still being answered; answered in full; then exited by itself,
    // long before its grace (LONG_GRACE_MS) was over.
    expect(events).toEqual(['SIGTERM', 'new connection refused', 'export answered']);
    expect(answer.status).toBe(200);
    expect(answer.text.split('\n')[0]).toBe(expected.split('\n')[0]);
    expect(sortedRows(answer.text)).toEqual(sortedRows(expected));
    expect(exit, gateway.output().slice(-3000)).toEqual({ code: 0, signal: null });
    expect(gateway.output()).toContain('"msg":"stopped"');
  });

  it('lets a regional service finish a query held by a table lock after SIGTERM, then exit 0', async () => {
    const locker = new pg.Client({ connectionString: postgres.superuserUrl });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table region_vi.work_plan in access exclusive mode');
      // Unsigned requests are refused: ask through a gateway, straight to region VI (no proxy delay here).
      const gateway = await startGateway({ REGION_URLS: `VI=${regionVI.url}/graphql` });
      try {
        const inFlight = fetch(`${gateway.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ plan(region: "VI", year: 2021) { totalBudget } }' }),
        }).then((response) => response.json() as Promise<{ data?: any; errors?: unknown[] }>);
        // In flight: region VI's query waits for the lock. (Within the locker's transaction the statistics views
        // keep one snapshot: cleared before each look.)
        await until(async () => {
          await locker.query('select pg_stat_clear_snapshot()');
          const { rows } = await locker.query(
            "select count(*)::int as waiting from pg_stat_activity where wait_event_type = 'Lock'",
          );
          return rows[0].waiting > 0;
        });
        regionVI.child.kill('SIGTERM');
        await until(async () => (await connectionRefused(`${regionVI.url}/live`)) === 'ECONNREFUSED');
        // Stopped accepting, and still running: its query holds it until the lock goes.
        expect(regionVI.exitCode()).toBeNull();
        await locker.query('rollback');
        const [answer, exit] = await Promise.all([inFlight, regionVI.exited]);
        expect(answer).toEqual({ data: { plan: { totalBudget: 12218328000 } } });
        expect(exit, regionVI.output().slice(-3000)).toEqual({ code: 0, signal: null });
      } finally {
        expect(await gateway.stop()).toEqual({ code: 0, signal: null });
      }
    } finally {
      await locker.end();
    }
  });

  it('stops idle national and regional services on SIGTERM and SIGINT with exit 0', async () => {
    national.child.kill('SIGINT');
    const [nationalExit, regionalExit] = await Promise.all([national.exited, regionXII.stop()]);
    expect(nationalExit).toEqual({ code: 0, signal: null });
    expect(regionalExit).toEqual({ code: 0, signal: null });
  });
});
