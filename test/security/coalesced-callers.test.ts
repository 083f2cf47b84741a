import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../gateway/auth/api-key-file.ts';
import { createGatewayServer, type GatewayServer } from '../../gateway/gateway-server.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { listen, type RunningServer } from '../../shared/http/listen.ts';
import { ENTITY_CACHE_OFF, startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { HeldRegion, heldRegionGatewayConfig } from '../support/held-region.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

const question = (indicator: string) =>
  `{ compareIndicator(indicator: "${indicator}", regions: ["VI"], years: [2021, 2024]) { rows { year target } } }`;

/**
 * Operations share a request to a busy region only when their callers' headers are equal: one caller's operation
 * never waits behind, rides in, or learns of another caller's request (docs/security.md).
 */
describe("a region's request is never shared between two callers", () => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  let heldVi: HeldRegion;
  let gateway: GatewayServer;
  let server: RunningServer;
  const keys: Record<'first' | 'second', string> = { first: '', second: '' };

  const ask = async (caller: 'first' | 'second', indicator: string) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': keys[caller] },
      body: JSON.stringify({ query: question(indicator) }),
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  };
  const receivedAtVi = (count: number) =>
    expect.poll(() => heldVi.received.length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(count);

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI'], { gatewayEnv: ENTITY_CACHE_OFF });
    const apiKeysFile = join(mkdtempSync(join(tmpdir(), 'coalesced-callers-')), 'api-keys.json');
    keys.first = createApiKey(apiKeysFile, { name: 'analyst-one', roles: ['analyst'] }).key;
    keys.second = createApiKey(apiKeysFile, { name: 'analyst-two', roles: ['analyst'] }).key;
    heldVi = new HeldRegion(`${cluster.regions.get('VI')!.url}/graphql`);
    const config = heldRegionGatewayConfig(cluster, `VI=${await heldVi.start()}`, {
      AUTH_MODE: 'required',
      API_KEYS_FILE: apiKeysFile,
    });
    gateway = await createGatewayServer(config, createLogger('test', 'silent'));
    server = await listen(gateway.listener, 0);
  });
  afterAll(async () => {
    await heldVi?.stop();
    await server?.close();
    await gateway?.stop();
    await cluster?.stop();
    await database?.dispose();
  });

  it("sends another caller's question at once while one caller's request is held, and never in one request", async () => {
    heldVi.hold();
    const first = ask('first', 'IKU-01');
    await receivedAtVi(1);
    // The same kind of question from another caller: it neither waits for the first nor joins it.
    const second = ask('second', 'IKU-02');
    await receivedAtVi(2);
    heldVi.release();
    const answers = await Promise.all([first, second]);

    expect(answers.map(({ errors }) => errors)).toEqual([undefined, undefined]);
    expect(heldVi.received).toHaveLength(2);
    // Each request carried one operation: one request id, its own representations.
    for (const request of heldVi.received) expect(request.requestIds).toHaveLength(1);
    expect(heldVi.received[0]!.representations).toBe(heldVi.received[1]!.representations);
  });
});
