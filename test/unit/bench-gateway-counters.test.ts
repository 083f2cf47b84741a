import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { countsBetween, readGatewayCounters } from '../../bench/gateway-counters.ts';
import { parsePrometheusText, sumSamples } from '../../bench/prometheus-text.ts';

/** A gateway's /metrics as prom-client serves it, on a real server on port 0. */
async function serveMetrics(registry: Registry): Promise<{ origin: string; server: Server }> {
  const server = createServer(async (req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function gatewayRegistry({ entityCache }: { entityCache: boolean }) {
  const registry = new Registry();
  const requests = new Counter({
    name: 'bkn_gateway_subgraph_requests_total',
    help: 'requests',
    labelNames: ['subgraph', 'region'],
    registers: [registry],
  });
  const coalesced = new Counter({
    name: 'bkn_gateway_subgraph_requests_coalesced_total',
    help: 'coalesced',
    labelNames: ['subgraph', 'region'],
    registers: [registry],
  });
  const lookups = entityCache
    ? new Counter({
        name: 'bkn_entity_cache_lookups_total',
        help: 'lookups',
        labelNames: ['subgraph', 'result'],
        registers: [registry],
      })
    : undefined;
  const bytes = entityCache
    ? new Gauge({ name: 'bkn_entity_cache_bytes', help: 'bytes', registers: [registry] })
    : undefined;
  return { registry, requests, coalesced, lookups, bytes };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe("the bench's reading of a gateway's /metrics", () => {
  it("counts the requests to every region and those coalesced into them, not national's, and the entity cache by result", async () => {
    const { registry, requests, coalesced, lookups, bytes } = gatewayRegistry({ entityCache: true });
    coalesced.inc({ subgraph: 'regional', region: 'VI' }, 5);
    requests.inc({ subgraph: 'regional', region: 'VI' }, 3);
    requests.inc({ subgraph: 'regional', region: 'XII' }, 4);
    requests.inc({ subgraph: 'national', region: '' }, 5);
    lookups?.inc({ subgraph: 'regional', result: 'hit' }, 10);
    lookups?.inc({ subgraph: 'regional', result: 'miss' }, 2);
    lookups?.inc({ subgraph: 'national', result: 'hit' }, 1);
    bytes?.set(2048);
    const { origin, server } = await serveMetrics(registry);
    servers.push(server);

    expect(await readGatewayCounters(origin)).toEqual({
      regionalRequests: 7,
      coalescedRequests: 5,
      entityCacheHits: 10,
      entityCacheMisses: 2,
      nationalCacheHits: 1,
      nationalCacheMisses: 0,
      entityCacheBytes: 2048,
    });
  });

  it('says "not measured" (null) for a gateway without an entity cache metric, and 0 for one never counted', async () => {
    const without = gatewayRegistry({ entityCache: false });
    const unused = gatewayRegistry({ entityCache: true });
    const first = await serveMetrics(without.registry);
    const second = await serveMetrics(unused.registry);
    servers.push(first.server, second.server);

    expect(await readGatewayCounters(first.origin)).toEqual({
      regionalRequests: 0,
      coalescedRequests: 0,
      entityCacheHits: null,
      entityCacheMisses: null,
      nationalCacheHits: null,
      nationalCacheMisses: null,
      entityCacheBytes: null,
    });
    const counters = await readGatewayCounters(second.origin);
    expect([counters.entityCacheHits, counters.entityCacheMisses]).toEqual([0, 0]);
  });

  it('gives the counts of a window as after − before, and none for the cache when either read lacks it', () => {
    const national = { nationalCacheHits: 3, nationalCacheMisses: 1 };
    const before = {
      regionalRequests: 100,
      coalescedRequests: 4,
      entityCacheHits: 40,
      entityCacheMisses: 60,
      entityCacheBytes: 10,
    };
    const after = {
      regionalRequests: 130,
      coalescedRequests: 24,
      entityCacheHits: 240,
      entityCacheMisses: 65,
      entityCacheBytes: 20,
    };
    expect(
      countsBetween({ ...before, ...national }, { ...after, nationalCacheHits: 9, nationalCacheMisses: 1 }),
    ).toEqual({
      regionalRequests: 30,
      coalescedRequests: 20,
      entityCache: { hits: 200, misses: 5, national: { hits: 6, misses: 0 }, bytes: 20 },
    });
    expect(
      countsBetween({ ...before, ...national, entityCacheHits: null }, { ...after, ...national }).entityCache,
    ).toBeNull();
  });

  it('reads escaped label values and skips timestamps, comments and malformed lines', () => {
    const exposition = parsePrometheusText(
      [
        '# HELP x_total a counter',
        '# TYPE x_total counter',
        'x_total{path="a\\"b",region="VI"} 2 1700000000000',
        'x_total{path="c",region=""} 3',
        'not a sample line {',
      ].join('\n'),
    );
    expect(exposition.samples[0]).toEqual({ name: 'x_total', labels: { path: 'a"b', region: 'VI' }, value: 2 });
    expect(sumSamples(exposition, 'x_total', (labels) => Boolean(labels.region))).toBe(2);
    expect(sumSamples(exposition, 'y_total')).toBeUndefined();
  });
});
