import { createServer, type Server } from 'node:http';
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing } from '../../shared/observability/tracing.ts';
import { startGraphCluster, type GraphCluster, ENTITY_CACHE_OFF } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

const COMPARE =
  'query CompareTargets { compareIndicator(indicator: "IKU-09", regions: ["VI", "XII"], years: [2021]) { rows ' +
  '{ region { code } year target } } }';

/** An OTLP/HTTP collector in miniature: keeps every JSON body POSTed to /v1/traces. */
function startReceiver(): Promise<{ server: Server; url: string; bodies: any[] }> {
  const bodies: any[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') bodies.push(JSON.parse(text));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, bodies }),
    ),
  );
}

const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const parentIdOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('traces', () => {
  const memory = new InMemorySpanExporter();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let stopTracing: () => Promise<void>;
  let database: TestDatabase;
  let cluster: GraphCluster;

  beforeAll(async () => {
    receiver = await startReceiver();
    stopTracing = await startTracing({
      serviceName: 'bkn-test',
      spanProcessors: [
        new SimpleSpanProcessor(memory),
        new BatchSpanProcessor(new OTLPTraceExporter({ url: `${receiver.url}/v1/traces` })),
      ],
    });
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI', 'XII'], { gatewayEnv: ENTITY_CACHE_OFF });
  });
  afterAll(async () => {
    await cluster?.stop();
    await database?.dispose();
    await stopTracing?.();
    // The SDK registered itself globally: leave nothing behind for another test file in this worker.
    trace.disable();
    context.disable();
    propagation.disable();
    receiver?.server.close();
  });

  it('makes one trace per operation, a span per region call, continued by the region across HTTP', async () => {
    memory.reset();
    const answer = await cluster.query(COMPARE);
    expect(answer.errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const spans = memory.getFinishedSpans();

    const requests = spans.filter((span) => span.name === 'gateway.request');
    expect(requests).toHaveLength(1);
    const traceId = requests[0]!.spanContext().traceId;
    const inTrace = spans.filter((span) => span.spanContext().traceId === traceId);
    const byId = new Map(inTrace.map((span) => [idOf(span), span]));
    const ancestors = (span: ReadableSpan) => {
      const chain: ReadableSpan[] = [];
      for (let parent = byId.get(parentIdOf(span) ?? ''); parent; parent = byId.get(parentIdOf(parent) ?? ''))
        chain.push(parent);
      return chain;
    };
    // One root: every span of the operation hangs, through its parents, under the same first span.
    const roots = new Set(inTrace.map((span) => idOf(ancestors(span).pop() ?? span)));
    expect(roots.size).toBe(1);

    for (const region of ['VI', 'XII']) {
      const calls = inTrace.filter(
        (span) =>
          span.attributes['bkn.region'] === region &&
          span.attributes['bkn.subgraph'] === 'regional' &&
          span.name === `POST region ${region}`,
      );
      expect(calls.length).toBeGreaterThanOrEqual(1);
      for (const call of calls) expect(byId.get(parentIdOf(call) ?? '')?.name).toBe('gateway.fetch');
      // The region's own span, made in its process from the traceparent the gateway's request carried.
      const served = inTrace.filter((span) => span.name === `graphql region ${region}`);
      expect(served.length).toBe(calls.length);
      for (const span of served) {
        expect(span.attributes['bkn.region']).toBe(region);
        expect(ancestors(span).map(idOf)).toEqual(expect.arrayContaining([expect.toBeOneOf(calls.map(idOf))]));
      }
    }
    const national = inTrace.filter((span) => span.attributes['bkn.subgraph'] === 'national');
    expect(national.length).toBeGreaterThanOrEqual(1);
    // National's own span: named after its service (the test's logger calls every service "test"), with no region.
    expect(
      inTrace.filter(
        (span) => span.name.startsWith('graphql ') && span.attributes['bkn.service'] && !span.attributes['bkn.region'],
      ).length,
    ).toBeGreaterThanOrEqual(1);
  });

  it('exports the spans over OTLP/HTTP to the configured endpoint', async () => {
    memory.reset();
    await cluster.query(COMPARE);
    const traceId = memory
      .getFinishedSpans()
      .find((span) => span.name === 'gateway.request')!
      .spanContext().traceId;
    await expect
      .poll(
        () =>
          receiver.bodies
            .flatMap((body) => body.resourceSpans)
            .flatMap((resource: any) => resource.scopeSpans.flatMap((scope: any) => scope.spans))
            .filter((span: any) => span.traceId === traceId)
            .map((span: any) => span.name),
        { timeout: 15_000, interval: 200 },
      )
      .toEqual(
        expect.arrayContaining([
          'gateway.request',
          'POST region VI',
          'graphql region VI',
          'POST region XII',
          'graphql region XII',
        ]),
      );
    const resource = receiver.bodies[0].resourceSpans[0].resource.attributes.find(
      (attribute: any) => attribute.key === 'service.name',
    );
    expect(resource.value.stringValue).toBe('bkn-test');
  });
});
