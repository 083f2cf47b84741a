import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphCluster, type GraphCluster, ENTITY_CACHE_OFF } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startStoppableRegion, type StoppableRegion } from './stoppable-region.ts';

const BOTH_REGIONS =
  '{ vi: plan(region: "VI", year: 2021) { year regionCode } xii: plan(region: "XII", year: 2024) { year regionCode } }';
const REGION_TIMEOUT_MS = 1_500;
const COOLDOWN_MS = 3_000;
const CLIENTS = 4;

interface Answer {
  data?: { vi: { year: number } | null; xii: { year: number } | null } | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** Why XII is missing from an answer (TIMEOUT, CIRCUIT_OPEN, …), or undefined when it answered. */
const xiiReason = (body: Answer) =>
  body.errors?.find((error) => error.extensions?.region === 'XII')?.extensions?.reason as string | undefined;

async function ask(gatewayUrl: string, query: string): Promise<{ ms: number; body: Answer }> {
  const started = performance.now();
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as Answer;
  return { ms: performance.now() - started, body };
}

/** CLIENTS clients asking in a loop for `durationMs`: every answer and its latency. */
async function load(gatewayUrl: string, durationMs: number): Promise<Array<{ ms: number; body: Answer }>> {
  const until = performance.now() + durationMs;
  const answers: Array<{ ms: number; body: Answer }> = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) answers.push(await ask(gatewayUrl, BOTH_REGIONS));
    }),
  );
  return answers;
}

describe('a circuit per region (pglite)', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  let xii: StoppableRegion;
  let regionUrls: string;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI', 'XII'], { gatewayEnv: ENTITY_CACHE_OFF });
    // XII through a relay process that can be stopped: a hung region, for real.
    xii = await startStoppableRegion(cluster.regions.get('XII')!.port);
    regionUrls = `VI=${cluster.regions.get('VI')!.url}/graphql,XII=${xii.url}`;
  });
  afterAll(async () => {
    await xii?.kill();
    await cluster?.stop();
    await database?.dispose();
  });

  it('keeps the other regions at their normal latency while one region hangs, and closes again once it answers', async () => {
    const gatewayUrl = (
      await cluster.startGateway({
        REGION_URLS: regionUrls,
        REGION_TIMEOUT_MS: String(REGION_TIMEOUT_MS),
        CIRCUIT_FAILURE_THRESHOLD: '3',
        CIRCUIT_COOLDOWN_MS: String(COOLDOWN_MS),
      })
    ).url;
    await load(gatewayUrl, 500); // warm-up: connections, plan cache, JIT
    const healthy = await load(gatewayUrl, 2_500);
    expect(healthy.every(({ body }) => body.data?.vi?.year === 2021 && body.data?.xii?.year === 2024)).toBe(true);
    const healthyP50 = median(healthy.map(({ ms }) => ms));

    xii.stop();
    // One operation after the other: each waits for XII's timeout, until three of them (CIRCUIT_FAILURE_THRESHOLD)
    // have opened the circuit; the next is refused at once.
    const opening: Answer[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) opening.push((await ask(gatewayUrl, BOTH_REGIONS)).body);
    expect(opening.map(xiiReason)).toEqual(['TIMEOUT', 'TIMEOUT', 'TIMEOUT', 'CIRCUIT_OPEN']);
    const refused = opening[3]!;
    expect(refused.data).toEqual({ vi: { year: 2021, regionCode: 'VI' }, xii: null });
    expect(refused.errors).toEqual([
      expect.objectContaining({
        path: ['xii'],
        extensions: expect.objectContaining({
          code: 'REGION_UNAVAILABLE',
          region: 'XII',
          circuit: 'open',
          reason: 'CIRCUIT_OPEN',
        }),
      }),
    ]);

    const hung = await load(gatewayUrl, 2_500);
    const hungP50 = median(hung.map(({ ms }) => ms));
    // Latencies are printed, not asserted (a loaded machine moves them); what keeps them normal is asserted below.
    console.info(
      `circuit: healthy p50 ${healthyP50.toFixed(1)} ms (${healthy.length} answers), ` +
        `XII hung p50 ${hungP50.toFixed(1)} ms (${hung.length} answers)`,
    );
    expect(hung.every(({ body }) => body.data?.vi?.year === 2021)).toBe(true);
    expect(hung.filter(({ body }) => body.data?.xii === null).length).toBe(hung.length);
    // Nothing waits for XII while the circuit is open: every answer but at most one trial call (the load ends before
    // a second cooldown could) is refused at once, instead of each waiting out XII's timeout as without a breaker.
    expect(hung.filter(({ body }) => xiiReason(body) !== 'CIRCUIT_OPEN').length).toBeLessThanOrEqual(1);

    // XII answers again: after the cooldown one trial request goes through, and its success closes the circuit.
    // Asked until then, with the test's timeout as the bound.
    xii.resume();
    let closed = false;
    while (!closed) {
      const { body } = await ask(gatewayUrl, BOTH_REGIONS);
      closed = body.data?.xii?.year === 2024;
      if (!closed) await sleep(100);
    }
    const after = await ask(gatewayUrl, BOTH_REGIONS);
    expect(after.body).toEqual({
      data: { vi: { year: 2021, regionCode: 'VI' }, xii: { year: 2024, regionCode: 'XII' } },
    });
  });

  it('costs every operation the full region timeout without a breaker (the figure the breaker improves on)', async () => {
    const gatewayUrl = (
      await cluster.startGateway({
        REGION_URLS: regionUrls,
        REGION_TIMEOUT_MS: String(REGION_TIMEOUT_MS),
        CIRCUIT_FAILURE_THRESHOLD: '0',
      })
    ).url;
    xii.stop();
    try {
      const answers = await Promise.all(Array.from({ length: 8 }, () => ask(gatewayUrl, BOTH_REGIONS)));
      const again = await ask(gatewayUrl, BOTH_REGIONS);
      // Each operation waited for XII until its timeout: TIMEOUT every time, never a refusal by a circuit.
      for (const { body } of [...answers, again]) {
        expect(body.errors?.[0]?.extensions).toMatchObject({
          code: 'REGION_UNAVAILABLE',
          region: 'XII',
          reason: 'TIMEOUT',
        });
        expect(body.errors?.[0]?.extensions?.circuit).toBeUndefined();
      }
    } finally {
      xii.resume();
    }
  });

  it("does not count calls cut short by the operation's deadline as the region's failures", async () => {
    const gatewayUrl = (
      await cluster.startGateway({
        REGION_URLS: regionUrls,
        REGION_TIMEOUT_MS: '5000',
        OPERATION_TIMEOUT_MS: '300',
        CIRCUIT_FAILURE_THRESHOLD: '2',
        CIRCUIT_COOLDOWN_MS: '60000',
      })
    ).url;
    expect((await ask(gatewayUrl, BOTH_REGIONS)).body.data?.xii?.year).toBe(2024);
    xii.stop();
    try {
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const { body } = await ask(gatewayUrl, BOTH_REGIONS);
        expect(body.data?.vi?.year).toBe(2021);
        expect(body.data?.xii).toBeNull();
        expect(body.errors?.some((error) => error.extensions?.circuit === 'open')).toBe(false);
      }
    } finally {
      xii.resume();
    }
    // Twice the threshold of cut-short calls, and the circuit is still closed: XII is asked, and answers (once the
    // relay has worked off what queued while it was stopped); an open circuit would refuse these for 60 s.
    let body: Answer = {};
    while (body.data?.xii?.year !== 2024) {
      await sleep(200);
      ({ body } = await ask(gatewayUrl, BOTH_REGIONS));
      expect(body.errors?.some((error) => error.extensions?.circuit === 'open') ?? false).toBe(false);
    }
    expect(body).toEqual({ data: { vi: { year: 2021, regionCode: 'VI' }, xii: { year: 2024, regionCode: 'XII' } } });
  });
});
