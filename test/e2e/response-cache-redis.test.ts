import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/importing/import-files.ts';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { REDIS_SERVER, startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

const QUERY =
  '{ compareIndicator(indicator: "IKU-09", regions: ["VI", "XII"], years: [2021, 2024]) ' +
  '{ rows { region { code } year target } } }';
const CACHE_ENV = { RESPONSE_CACHE_TTL_SECONDS: '300', DATA_VERSION_POLL_MS: '200' };

const hasRedis = existsSync(REDIS_SERVER);
// Developers without redis-server run the rest of the suite; CI must not pass by skipping (.ci/run installs it).
const skipRedis = !hasRedis && !process.env.CI;
const suite = (engine: string) =>
  `two gateways sharing the response cache through a real redis-server (${engine})` +
  (hasRedis
    ? ''
    : ` (${REDIS_SERVER} is missing, apt-get install -y redis-server: ` +
      `${skipRedis ? 'skipped' : 'failing, since CI must run it'})`);

describe.skipIf(skipRedis).each(TEST_ENGINES.map((engine) => [suite(engine), engine] as const))(
  '%s',
  (_title, engine) => {
    let database: TestDatabase;
    let redis: RedisServer;
    let cluster: GraphCluster;
    let gatewayA: string;
    let gatewayB: string;
    /**
     * x-request-id of every request the subgraphs received: the gateways forward the client's, the data-version poll
     * sends none.
     */
    const subgraphRequestIds: string[] = [];

    const ask = async (gatewayUrl: string, requestId: string) => {
      const response = await fetch(`${gatewayUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify({ query: QUERY }),
      });
      const body = (await response.json()) as any;
      const subgraphRequests = subgraphRequestIds.filter((id) => id === requestId).length;
      return {
        age: response.headers.get('age'),
        body,
        subgraphRequests,
        target: body.data?.compareIndicator?.rows[0]?.target as number | undefined,
      };
    };

    beforeAll(async () => {
      database = await openTestDatabase(engine);
      redis = await startRedisServer();
      cluster = await startGraphCluster(database, ['VI', 'XII'], {
        gatewayEnv: { ...CACHE_ENV, REDIS_URL: redis.url },
      });
      gatewayA = cluster.gatewayUrl;
      gatewayB = (await cluster.startGateway({ ...CACHE_ENV, REDIS_URL: redis.url })).url;
      for (const { server } of [cluster.national, ...cluster.regions.values()]) {
        server.on('request', (request: IncomingMessage) =>
          subgraphRequestIds.push(String(request.headers['x-request-id'] ?? '')),
        );
      }
    });
    afterAll(async () => {
      await cluster?.stop();
      await redis?.stop();
      await database?.dispose();
    });

    it('answers on gateway B from what gateway A put in Redis, without asking any subgraph', async () => {
      const onA = await ask(gatewayA, 'redis-test-a-1');
      expect(onA.body.errors).toBeUndefined();
      expect(onA.target).toBe(77);
      expect(onA.age, 'the first answer is computed').toBeNull();
      expect(onA.subgraphRequests, 'computing it asks national and the regions').toBeGreaterThan(0);

      const onB = await ask(gatewayB, 'redis-test-b-1');
      expect(onB.age, 'gateway B serves a cache hit, which says how old it is').not.toBeNull();
      expect(onB.subgraphRequests, 'and asks no subgraph for it').toBe(0);
      expect(onB.body).toEqual(onA.body);
    });

    it('returns the new figure on both gateways after an import', async () => {
      const plan = JSON.parse(readFileSync('data/plans/VI-2021.plan.json', 'utf8'));
      plan.indicatorTargets.find((indicator: any) => indicator.code === '7.a').target = 78;
      const path = join(mkdtempSync(join(tmpdir(), 'cache-redis-')), 'VI-2021.plan.json');
      writeFileSync(path, JSON.stringify(plan));
      await importFiles(database.handle, [path], { schemaPrefix: database.schemaPrefix });

      // Each gateway notices the new data version at its next poll (every 200 ms here).
      for (const [name, gatewayUrl] of [
        ['A', gatewayA],
        ['B', gatewayB],
      ] as const) {
        let answer = await ask(gatewayUrl, `redis-test-${name}-after-0`);
        for (let attempt = 1; attempt < 50 && answer.target !== 78; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          answer = await ask(gatewayUrl, `redis-test-${name}-after-${attempt}`);
        }
        expect(answer.target, `gateway ${name} after the import`).toBe(78);
      }
      // The answer one gateway computed for the new version is again a hit on the other.
      const again = await ask(gatewayA, 'redis-test-a-2');
      expect(again.target).toBe(78);
      expect(again.age).not.toBeNull();
      expect(again.subgraphRequests).toBe(0);
    });

    it('keeps answering, uncached and at once, while Redis is down', async () => {
      await redis.stop();
      // Redis stays down to the end of the file: a request held in the Redis client's offline queue until Redis
      // came back (as it used to be) would never be answered, and this test would time out.
      const answer = await ask(gatewayB, 'redis-test-b-down');
      expect(answer.target).toBe(78);
      expect(answer.age, 'no cache hit without Redis').toBeNull();
      expect(answer.subgraphRequests).toBeGreaterThan(0);
    });
  },
);
