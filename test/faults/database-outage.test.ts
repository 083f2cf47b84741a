import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../shared/database/database.ts';
import { importFiles } from '../../ingest/importing/import-files.ts';
import { PLAN_FILES } from '../support/graph-cluster.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts';
import { startServiceProcess, waitFor200, type ServiceProcess } from '../support/service-process.ts';

// Two questions that fail differently: the first goes to region VI alone (routed by its `region` argument, no
// national call), the second to national alone.
const REGION_QUERY = '{ plan(region: "VI", year: 2021) { totalBudget } }';
const NATIONAL_QUERY = '{ regions { code } }';

interface Outcome {
  at: number;
  query: 'region' | 'national';
  ok: boolean;
  errors: Array<{ code?: string; reason?: string; region?: string; service?: string }>;
  status: number;
}

describe('database faults: national, VI and XII as processes on a private PostgreSQL, behind a real gateway', () => {
  let postgres: PrivatePostgres;
  let national: ServiceProcess;
  let regions: ServiceProcess[];
  let gateway: ServiceProcess;
  /** Started while PostgreSQL is down: a region never migrated, and a second gateway. */
  const lateStarters: ServiceProcess[] = [];
  let secret: string;
  const outcomes: Outcome[] = [];
  let loadRunning = false;
  let loadDone: Promise<void> | undefined;

  const ask = async (query: Outcome['query']): Promise<Outcome> => {
    const at = performance.now();
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: query === 'region' ? REGION_QUERY : NATIONAL_QUERY }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json()) as { data?: any; errors?: Array<{ extensions?: Record<string, string> }> };
    const complete =
      query === 'region' ? body.data?.plan?.totalBudget === 12218328000 : body.data?.regions?.length === 14;
    return {
      at,
      query,
      ok: !body.errors && complete,
      status: response.status,
      errors: (body.errors ?? []).map((error) => ({ ...error.extensions })),
    };
  };

  /** A modest load: four clients, each asking one question after the other without pause. */
  const startLoad = () => {
    loadRunning = true;
    loadDone = Promise.all(
      [0, 1, 2, 3].map(async (client) => {
        while (loadRunning) {
          try {
            outcomes.push(await ask(client % 2 === 0 ? 'region' : 'national'));
          } catch (error) {
            outcomes.push({
              at: performance.now(),
              query: client % 2 === 0 ? 'region' : 'national',
              ok: false,
              status: 0,
              errors: [{ code: `NO_ANSWER ${(error as Error).message}` }],
            });
          }
        }
      }),
    ).then(() => undefined);
  };

  /** Asks both questions every 100 ms until both are answered in full; resolves with when that was. */
  const untilServed = async (timeoutMs: number) => {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const [region, nationalAnswer] = await Promise.all([ask('region'), ask('national')]).catch(() => [
        undefined,
        undefined,
      ]);
      if (region?.ok && nationalAnswer?.ok) return performance.now();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`not served again within ${timeoutMs} ms`);
  };

  const everyProcess = () => [national, ...regions, gateway, ...lateStarters];
  const expectAllRunning = () => {
    for (const service of everyProcess())
      expect(service.exitCode(), `${service.name} exited:\n${service.output().slice(-3000)}`).toBeNull();
  };

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    const handle = await openDatabase({ databaseUrl: postgres.url });
    await importFiles(handle, PLAN_FILES);
    await handle.close();
    secret = randomBytes(32).toString('hex');
    const common = { DATABASE_URL: postgres.url, SUBGRAPH_SECRET: secret };
    [national, ...regions] = await Promise.all([
      startServiceProcess('national', 'subgraphs/national/main.ts', common),
      startServiceProcess('regional VI', 'subgraphs/regional/main.ts', { ...common, REGION: 'VI' }),
      startServiceProcess('regional XII', 'subgraphs/regional/main.ts', { ...common, REGION: 'XII' }),
    ]);
    for (const service of [national, ...regions]) await waitFor200(`${service.url}/ready`, 60_000, service);
    gateway = await startServiceProcess('gateway', 'gateway/main.ts', {
      NATIONAL_URL: `${national.url}/graphql`,
      REGION_URLS: `VI=${regions[0]!.url}/graphql,XII=${regions[1]!.url}/graphql`,
      SUBGRAPH_SECRET: secret,
      AUTH_MODE: 'off',
      RATE_LIMIT: 'off',
      REGION_TIMEOUT_MS: '3000',
      SUBGRAPH_TIMEOUT_MS: '3000',
      // Every question must reach the services whose database is down: nothing from the entity cache.
      ENTITY_CACHE_MB: '0',
      // The breaker's default cooldown (2 s) is part of what a client sees: recovery within 5 s includes it.
    });
    await waitFor200(`${gateway.url}/ready`, 60_000, gateway);
    startLoad();
  }, 180_000);

  afterAll(async () => {
    loadRunning = false;
    await loadDone;
    await Promise.all((everyProcess().filter(Boolean) as ServiceProcess[]).map((service) => service.stop()));
    await postgres?.dispose();
  });

  // How soon service resumes is a figure for the chaos script (npm run chaos → reports/chaos.json), not an assertion:
  // these tests wait for it with room to spare on a loaded machine, and assert what the clients see meanwhile.
  it('keeps every process running through a PostgreSQL stop, answers with the specific errors, and serves again after the restart', async () => {
    await untilServed(10_000);
    const stoppedAt = performance.now();
    await postgres.stop('fast');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expectAllRunning();

    // While it is down: the subgraphs are unready, the gateway stays ready and says degraded.
    for (const service of [national, ...regions]) {
      const ready = await fetch(`${service.url}/ready`);
      expect(ready.status, service.name).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unready' });
      expect((await fetch(`${service.url}/live`)).status).toBe(200);
    }
    expect((await fetch(`${gateway.url}/ready`)).status).toBe(200);
    const health = (await (await fetch(`${gateway.url}/health`)).json()) as {
      status: string;
      subgraphs: Array<{ name: string; region?: string; status: string }>;
    };
    expect(health.status).toBe('degraded');
    expect(
      health.subgraphs
        .filter((subgraph) => subgraph.status === 'down')
        .map((subgraph) => subgraph.region ?? subgraph.name)
        .sort(),
    ).toEqual(['VI', 'XII', 'national']);

    // A service may start before its database: it listens, is live and unready, and answers 503 meanwhile.
    const [regionXIV, secondGateway] = await Promise.all([
      startServiceProcess('regional XIV (started while PostgreSQL is down)', 'subgraphs/regional/main.ts', {
        DATABASE_URL: postgres.url,
        SUBGRAPH_SECRET: secret,
        REGION: 'XIV',
      }),
      startServiceProcess('second gateway (started while PostgreSQL is down)', 'gateway/main.ts', {
        NATIONAL_URL: `${national.url}/graphql`,
        REGION_URLS: `VI=${regions[0]!.url}/graphql`,
        SUBGRAPH_SECRET: secret,
        AUTH_MODE: 'off',
        RATE_LIMIT: 'off',
      }),
    ]);
    lateStarters.push(regionXIV, secondGateway);
    console.info(
      'started XIV and a second gateway while PostgreSQL was down: ' +
        `${Math.round(performance.now() - stoppedAt)} ms after the stop`,
    );
    const xivReady = await fetch(`${regionXIV.url}/ready`);
    expect(xivReady.status).toBe(503);
    expect(await xivReady.json()).toEqual({
      status: 'unready',
      reason: 'the schema is not migrated yet: waiting for the database',
    });
    expect(
      (
        await fetch(`${regionXIV.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"query":"{ __typename }"}',
        })
      ).status,
    ).toBe(503);
    const gatewayUnready = await fetch(`${secondGateway.url}/ready`);
    expect(gatewayUnready.status).toBe(503);
    expect(((await gatewayUnready.json()) as { reason: string }).reason).toContain(
      'the national service has not answered yet',
    );

    const restartedAt = performance.now();
    await postgres.start();
    const startedAt = performance.now();
    const servedAt = await untilServed(15_000);
    console.info(
      `PostgreSQL stop → restart: pg_ctl start took ${Math.round(startedAt - restartedAt)} ms; ` +
        `served again ${Math.round(servedAt - startedAt)} ms after it returned`,
    );
    // The late starters become ready by themselves: XIV migrated its schema, the gateway saw national.
    await waitFor200(`${regionXIV.url}/ready`, 15_000, regionXIV);
    await waitFor200(`${secondGateway.url}/ready`, 15_000, secondGateway);
    expectAllRunning();

    // Every answer while it was down was the specific error for the service that lost its database.
    const down = outcomes.filter((outcome) => outcome.at > stoppedAt + 200 && outcome.at < restartedAt);
    expect(down.length).toBeGreaterThan(10);
    expect(down.filter((outcome) => outcome.ok)).toEqual([]);
    for (const outcome of down) {
      expect(outcome.status, JSON.stringify(outcome)).toBe(200);
      const expected =
        outcome.query === 'region'
          ? { code: 'REGION_UNAVAILABLE', region: 'VI' }
          : { code: 'SUBGRAPH_UNAVAILABLE', service: 'national' };
      expect(outcome.errors, JSON.stringify(outcome)).toEqual([expect.objectContaining(expected)]);
    }
    // The first failures of each say why (later ones may be the open circuit's CIRCUIT_OPEN).
    expect(
      down.some((outcome) => outcome.query === 'region' && outcome.errors[0]?.reason === 'DATABASE_UNAVAILABLE'),
    ).toBe(true);
    expect(
      down.some((outcome) => outcome.query === 'national' && outcome.errors[0]?.reason === 'DATABASE_UNAVAILABLE'),
    ).toBe(true);
  }, 120_000);

  it('survives pg_terminate_backend of every connection, and serves again', async () => {
    await untilServed(10_000);
    for (let round = 0; round < 3; round++) {
      const before = outcomes.length;
      // The load keeps the pools' connections open (idle or busy): there is always something to terminate.
      const ended = await postgres.terminateBackends();
      expect(ended).toBeGreaterThan(0);
      const terminatedAt = performance.now();
      const servedAt = await untilServed(10_000);
      console.info(
        `pg_terminate_backend of ${ended} connections: served again ${Math.round(servedAt - terminatedAt)} ms later`,
      );
      expectAllRunning();
      // A query that lost its connection fails with the specific error, never an internal one.
      for (const outcome of outcomes.slice(before).filter((candidate) => !candidate.ok)) {
        expect(
          outcome.errors.map((error) => error.code),
          JSON.stringify(outcome),
        ).not.toContain('INTERNAL_SERVER_ERROR');
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(outcomes.filter((outcome) => outcome.ok).length).toBeGreaterThan(50);
  }, 60_000);
});
