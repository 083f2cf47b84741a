import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_CACHE_OFF, startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * A question one region answers alone (`plan(region, year)`, `region(code) { … }`) is passed on: the gateway writes
 * the region's JSON as the region sent it, instead of parsing and serialising it again
 * (gateway/subgraph-http/verbatim-answer-text.ts). Region VI sits behind a relay that rewrites each "…" in its
 * answers as the escape \u2026: the same JSON to any parser, other bytes. The gateway's answer keeps the escape
 * exactly when it passed the region's text on.
 */
const PLAN_FLAGS = `{
  plan(region: "VI", year: 2021) { regionCode year indicatorTargets { code flags { code message } } }
}`;
const REGION_FLAGS = `{
  region(code: "VI") { code plan(year: 2021) { indicatorTargets { code flags { code message } } } }
}`;
const COMPARISON = `{
  compareIndicator(indicator: "IKU-01", regions: ["VI"], years: [2021]) { rows { region { code } year target } }
}`;
const ELLIPSIS = '\u2026';
const ESCAPED_ELLIPSIS = '\\u2026';

/** An HTTP relay to `target` that writes each "…" of an answer as its escape; everything else as it came. */
async function startEscapingRelay(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string' && !['host', 'connection', 'content-length', 'keep-alive'].includes(name))
        headers[name] = value;
    const upstream = await fetch(target, { method: req.method, headers, body: Buffer.concat(chunks) });
    const text = (await upstream.text()).replaceAll(ELLIPSIS, ESCAPED_ELLIPSIS);
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      'cache-control': upstream.headers.get('cache-control') ?? 'no-store',
    });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, server };
}

describe('answers one region gives alone, passed on as the region wrote them (pglite)', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  let relay: { url: string; server: Server };
  let relayedGatewayUrl: string;

  const askText = async (url: string, query: string) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI', 'XII'], { gatewayEnv: ENTITY_CACHE_OFF });
    relay = await startEscapingRelay(`${cluster.regions.get('VI')!.url}/graphql`);
    relayedGatewayUrl = (
      await cluster.startGateway({ REGION_URLS: `VI=${relay.url},XII=${cluster.regions.get('XII')!.url}/graphql` })
    ).url;
  });
  afterAll(async () => {
    await new Promise((resolve) => relay?.server.close(resolve));
    await cluster?.stop();
    await database?.dispose();
  });

  it("writes plan(region, year) as the region's own text: the same JSON, the region's bytes", async () => {
    const [relayed, direct] = await Promise.all([
      askText(relayedGatewayUrl, PLAN_FLAGS),
      askText(cluster.gatewayUrl, PLAN_FLAGS),
    ]);
    expect(direct).toContain(ELLIPSIS);
    expect(relayed).toContain(ESCAPED_ELLIPSIS);
    expect(relayed).not.toContain(ELLIPSIS);
    expect(JSON.parse(relayed)).toEqual(JSON.parse(direct));
    expect(JSON.parse(direct).data.plan.regionCode).toBe('VI');
  });

  it("writes region(code) { plan } with the region's entity as its own text", async () => {
    const [relayed, direct] = await Promise.all([
      askText(relayedGatewayUrl, REGION_FLAGS),
      askText(cluster.gatewayUrl, REGION_FLAGS),
    ]);
    expect(relayed).toMatch(/^\{"data":\{"region":\{"code":"VI","plan":/);
    expect(relayed).toContain(ESCAPED_ELLIPSIS);
    expect(relayed).not.toContain(ELLIPSIS);
    expect(JSON.parse(relayed)).toEqual(JSON.parse(direct));
  });

  it('serialises a planned answer itself, whatever the region wrote', async () => {
    const relayed = await askText(relayedGatewayUrl, COMPARISON);
    const { data, errors } = JSON.parse(relayed);
    expect(errors).toBeUndefined();
    expect(data.compareIndicator.rows).toEqual([expect.objectContaining({ region: { code: 'VI' }, year: 2021 })]);
    expect(relayed).toBe(`${JSON.stringify({ data })}\n`);
  });
});
