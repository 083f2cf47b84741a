import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { REDIS_SERVER, startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { entityLookups } from '../support/entity-cache-lookups.ts';

const hasRedis = existsSync(REDIS_SERVER);
// Developers without redis-server run the rest of the suite; CI must not pass by skipping (.ci/run installs it).
const skipRedis = !hasRedis && !process.env.CI;

/** High on purpose: a gateway that waited on the hung Redis until its deadline would take this long, and fail. */
const OPERATION_TIMEOUT_MS = 20_000;
/** What "at once" means here: the cache may cost its timeout once, never the operation's deadline. */
const FAST_MS = 1_000;

const targetsOf = (regions: string[], years: number[]) =>
  `{ compareIndicator(indicator: "IKU-09", regions: ${JSON.stringify(regions)}, years: ${JSON.stringify(years)}) ` +
  '{ rows { region { code } year target } } }';
const BOTH = targetsOf(['VI', 'XII'], [2021, 2024]);
/** Cells BOTH already fetched, as a question the response cache has never seen: only the entity cache has them. */
const XII_2024 = targetsOf(['XII'], [2024]);

interface Row {
  region: { code: string };
  year: number;
  target: number;
}

describe.skipIf(skipRedis)('a Redis that hangs (SIGSTOP) under both caches and the rate limiter (pglite)', () => {
  let database: TestDatabase;
  let redis: RedisServer;
  let cluster: GraphCluster;
  /** A second gateway on the same Redis whose anonymous callers have 6 points a minute. */
  let limitedGateway: string;

  /** One query: its rows, how long it took, whether the response cache served it, and what it cost the regions. */
  const ask = async (query: string) => {
    const before = { VI: cluster.requestsAt('VI'), XII: cluster.requestsAt('XII'), ...(await entityLookups()) };
    const started = performance.now();
    const response = await fetch(`${cluster.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
      // Fails the test clearly, rather than by the test's own timeout, when the gateway waits out its deadline.
      signal: AbortSignal.timeout(OPERATION_TIMEOUT_MS + 5_000),
    });
    const body = (await response.json()) as { data?: { compareIndicator: { rows: Row[] } }; errors?: unknown[] };
    const ms = performance.now() - started;
    const after = await entityLookups();
    return {
      ms,
      errors: body.errors,
      rows: body.data?.compareIndicator.rows,
      responseCacheHit: response.headers.get('age') !== null,
      regionRequests: cluster.requestsAt('VI') - before.VI + cluster.requestsAt('XII') - before.XII,
      entityHits: after.hit - before.hit,
      entityMisses: after.miss - before.miss,
    };
  };

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    redis = await startRedisServer();
    // Both caches and the rate budgets in Redis.
    cluster = await startGraphCluster(database, ['VI', 'XII'], {
      gatewayEnv: {
        REDIS_URL: redis.url,
        RESPONSE_CACHE_TTL_SECONDS: '300',
        DATA_VERSION_POLL_MS: '200',
        OPERATION_TIMEOUT_MS: String(OPERATION_TIMEOUT_MS),
        RATE_LIMIT: 'on',
      },
    });
    // Started while Redis answers, so that its rate limiter's connection is up when Redis hangs.
    limitedGateway = (
      await cluster.startGateway({
        AUTH_MODE: 'optional',
        API_KEYS_FILE: '/nonexistent/api-keys.json',
        RATE_LIMIT_ANONYMOUS_POINTS_PER_MINUTE: '6',
      })
    ).url;
  });
  afterAll(async () => {
    // Never leave a stopped redis-server behind, whatever failed above.
    if (redis) process.kill(redis.pid, 'SIGCONT');
    await cluster?.stop();
    await redis?.stop();
    await database?.dispose();
  });

  let warm: Row[] | undefined;

  it('serves from Redis while it answers', async () => {
    const first = await ask(BOTH);
    expect(first.errors).toBeUndefined();
    expect(first.regionRequests, 'the first answer is computed by the regions').toBe(2);
    warm = first.rows;
    expect(warm?.find((row) => row.region.code === 'VI' && row.year === 2021)?.target).toBe(77);

    // Writes are fire-and-forget: the second ask may come before they land.
    let again = await ask(BOTH);
    for (let attempt = 0; attempt < 20 && !again.responseCacheHit; attempt++) again = await ask(BOTH);
    expect(again.responseCacheHit, 'a whole-response hit from Redis').toBe(true);
    expect(again.regionRequests).toBe(0);
  });

  it('answers correctly and at once, from the regions, while Redis hangs', async () => {
    process.kill(redis.pid, 'SIGSTOP');
    // The first query meets the hang (each Redis client waits its short timeout once); the next ones skip Redis.
    for (const round of [1, 2, 3]) {
      const answer = await ask(BOTH);
      expect(answer.errors, `round ${round}`).toBeUndefined();
      expect(answer.rows, `round ${round}: the same figures`).toEqual(warm);
      expect(answer.ms, `round ${round}: well under OPERATION_TIMEOUT_MS`).toBeLessThan(FAST_MS);
      expect(answer.responseCacheHit, `round ${round}: no response cache without Redis`).toBe(false);
      expect(answer.regionRequests, `round ${round}: every cell asked of its region`).toBe(2);
      expect(answer).toMatchObject({ entityHits: 0, entityMisses: 8 });
    }
  });

  it('keeps limiting callers, in memory and at once, while Redis hangs', async () => {
    const answers: Array<{ status: number; ms: number }> = [];
    for (let index = 0; index < 8; index += 1) {
      const started = performance.now();
      const response = await fetch(`${limitedGateway}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ regions { code } }' }),
        signal: AbortSignal.timeout(OPERATION_TIMEOUT_MS + 5_000),
      });
      await response.arrayBuffer();
      answers.push({ status: response.status, ms: performance.now() - started });
    }
    // As while Redis is down: the gateway counts in its own memory, neither refusing everyone nor no one.
    expect(answers.filter(({ status }) => status === 200).length).toBeLessThanOrEqual(6);
    expect(answers.map(({ status }) => status)).toContain(429);
    expect(Math.max(...answers.map(({ ms }) => ms)), 'slowest answer').toBeLessThan(FAST_MS);
  });

  it('caches again when Redis resumes (SIGCONT), without a restart', async () => {
    process.kill(redis.pid, 'SIGCONT');
    // The commands that timed out are answered now; until then the gateway keeps going without Redis.
    let answer = await ask(XII_2024);
    for (let attempt = 0; attempt < 50 && answer.entityHits === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await ask(XII_2024);
    }
    expect(answer.errors).toBeUndefined();
    expect(answer.rows).toEqual(warm?.filter((row) => row.region.code === 'XII' && row.year === 2024));
    expect(answer, 'entity hits from Redis: cells cached before the hang').toMatchObject({
      entityHits: 2,
      entityMisses: 0,
      regionRequests: 0,
    });

    const whole = await ask(BOTH);
    expect(whole.responseCacheHit, 'the whole answer cached before the hang').toBe(true);
    expect(whole.rows).toEqual(warm);
    expect(whole.regionRequests).toBe(0);
  });
});
