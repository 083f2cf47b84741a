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
 * A slow region, honestly: forwards each request to `target` at once and holds the answer back for `delayMs`
 * (the request, signature included, reaches the region unchanged).
 */
async function startDelayingProxy(target: string, delayMs: number): Promise<{ url: string; server: Server }> {
  const port = await freePort();
  const server = createServer((req, res) => {
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
  return { url: `http://127.0.0.1:${port}`, server };
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
  let proxy: { url: string; server: Server };
  let secret: string;
  const startGateway = () =>
    startServiceProcess('gateway', 'gateway/main.ts', {
      NATIONAL_URL: `${national.url}/graphql`,
      REGION_URLS: `VI=${proxy.url}/graphql,XII=${regionXII.url}/graphql`,
      SUBGRAPH_SECRET: secret,
      AUTH_MODE: 'off',
      RATE_LIMIT: 'off',
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
    });

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
    proxy?.server.closeAllConnections();
    proxy?.server.close();
    await Promise.all([national, regionVI, regionXII].filter(Boolean).map((service) => service.stop()));
    await postgres?.dispose();
  });

  it('finishes an export in flight through a slow region after SIGTERM, refuses new connections, and exits 0', async () => {
    const gateway = await startGateway();
    await waitFor200(`${gateway.url}/ready`, 60_000, gateway);
    // The same rows in another order: a different question, so the gateway's cache of complete exports
    // cannot answer the request below, which has to go through the slow region.
    const expected = await (
      await fetch(`${gateway.url}${EXPORT_PATH.replace('IKU-09,IKU-03', 'IKU-03,IKU-09')}`)
    ).text();
    expect(expected.split('\n').length).toBeGreaterThan(3);
    const sortedRows = (csv: string) => csv.trimEnd().split('\n').slice(1).sort();

    const started = performance.now();
    const inFlight = fetch(`${gateway.url}${EXPORT_PATH}`).then(async (response) => ({
      status: response.status,
      text: await response.text(),
      at: performance.now(),
    }));
    await new Promise((resolve) => setTimeout(resolve, 800));
    const signalledAt = performance.now();
    gateway.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Stopped accepting: a new client is refused while the export is still being answered.
    expect(await connectionRefused(`${gateway.url}/live`)).toBe('ECONNREFUSED');
    const [answer, exit] = await Promise.all([inFlight, gateway.exited]);
    const exitedAt = performance.now();

    console.info(
      `gateway: export took ${Math.round(answer.at - started)} ms (SIGTERM at ${Math.round(signalledAt - started)} ms); exited ${Math.round(exitedAt - signalledAt)} ms after SIGTERM`,
    );
    expect(answer.at - signalledAt).toBeGreaterThan(500);
    expect(answer.status).toBe(200);
    expect(answer.text.split('\n')[0]).toBe(expected.split('\n')[0]);
    expect(sortedRows(answer.text)).toEqual(sortedRows(expected));
    expect(exit, gateway.output().slice(-3000)).toEqual({ code: 0, signal: null });
    expect(exitedAt - signalledAt).toBeLessThan(GRACE_MS);
    expect(gateway.output()).toContain('"msg":"stopped"');
  });

  it('lets a regional service finish a query held by a table lock after SIGTERM, then exit 0', async () => {
    const locker = new pg.Client({ connectionString: postgres.superuserUrl });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table region_vi.work_plan in access exclusive mode');
      // Unsigned requests are refused: ask through a gateway, straight to region VI (no proxy delay here).
      const gateway = await startServiceProcess('gateway', 'gateway/main.ts', {
        NATIONAL_URL: `${national.url}/graphql`,
        REGION_URLS: `VI=${regionVI.url}/graphql`,
        SUBGRAPH_SECRET: secret,
        AUTH_MODE: 'off',
        RATE_LIMIT: 'off',
      });
      try {
        const inFlight = fetch(`${gateway.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ plan(region: "VI", year: 2021) { totalBudget } }' }),
        }).then((response) => response.json() as Promise<{ data?: any; errors?: unknown[] }>);
        await new Promise((resolve) => setTimeout(resolve, 800));
        const signalledAt = performance.now();
        regionVI.child.kill('SIGTERM');
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(await connectionRefused(`${regionVI.url}/live`)).toBe('ECONNREFUSED');
        expect(regionVI.exitCode()).toBeNull();
        await locker.query('rollback');
        const [answer, exit] = await Promise.all([inFlight, regionVI.exited]);
        console.info(
          `regional VI: exited ${Math.round(performance.now() - signalledAt)} ms after SIGTERM, the lock released at ~300 ms`,
        );
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
