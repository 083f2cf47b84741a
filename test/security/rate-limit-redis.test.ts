import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { REDIS_SERVER, startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

const hasRedis = existsSync(REDIS_SERVER);
// Developers without redis-server run the rest of the suite; CI must not pass by skipping (.ci/run installs it).
const skipRedis = !hasRedis && !process.env.CI;

/**
 * Anonymous callers (authentication optional, no credentials) with a budget of 6 points a minute, shared through
 * Redis.
 */
const LIMITED_ENV = {
  AUTH_MODE: 'optional',
  API_KEYS_FILE: '/nonexistent/api-keys.json',
  RATE_LIMIT: 'on',
  RATE_LIMIT_ANONYMOUS_POINTS_PER_MINUTE: '6',
};

async function ask(gatewayUrl: string) {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ regions { code } }' }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe.skipIf(skipRedis).each(TEST_ENGINES)(
  'rate budgets shared by two gateways through a real redis-server (%s)',
  (engine) => {
    let database: TestDatabase;
    let redis: RedisServer;
    let cluster: GraphCluster;
    let gatewayA: string;
    let gatewayB: string;

    beforeAll(async () => {
      database = await openTestDatabase(engine);
      redis = await startRedisServer();
      cluster = await startGraphCluster(database, ['VI'], { gatewayEnv: { ...LIMITED_ENV, REDIS_URL: redis.url } });
      gatewayA = cluster.gatewayUrl;
      gatewayB = (await cluster.startGateway({ ...LIMITED_ENV, REDIS_URL: redis.url })).url;
    });
    afterAll(async () => {
      await cluster?.stop();
      await redis?.stop();
      await database?.dispose();
    });

    it('spends one budget across both instances: a caller cannot double it by alternating gateways', async () => {
      const statuses: number[] = [];
      for (let index = 0; index < 10; index += 1) statuses.push(await ask(index % 2 === 0 ? gatewayA : gatewayB));
      // Six 1-point requests pass, whichever gateway took them; each gateway alone would have let six through.
      expect(statuses.filter((status) => status === 200)).toHaveLength(6);
      expect(statuses.slice(6)).toEqual([429, 429, 429, 429]);
    });

    it('keeps limiting, in each instance’s memory, while Redis is down', async () => {
      await redis.stop();
      const statuses: number[] = [];
      for (let index = 0; index < 8; index += 1) statuses.push(await ask(gatewayA));
      expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(6);
      expect(statuses).toContain(429);
    });
  },
);
