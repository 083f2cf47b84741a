import type { Attributes } from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Attributes for an outgoing undici request (the gateway names the subgraph and the region it calls). */
export type OutgoingRequestAttributes = (request: { origin?: string | URL; path?: string }) => Attributes | undefined;

let describeOutgoing: OutgoingRequestAttributes = () => undefined;

/** The gateway says here which subgraph and region each of its requests goes to; spans of those requests carry it. */
export function describeOutgoingRequests(describe: OutgoingRequestAttributes): void {
  describeOutgoing = describe;
}

export interface TracingOptions {
  /** OTEL_SERVICE_NAME, else this. */
  serviceName: string;
  /** Tests: spans go here instead of the OTLP exporter. */
  spanProcessors?: SpanProcessor[];
  exporter?: SpanExporter;
}

/**
 * True when traces are to be exported: OTEL_EXPORTER_OTLP_ENDPOINT (or its traces-only variant) is set and the SDK is
 * not disabled.
 */
export function tracingWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * The standard OpenTelemetry Node SDK with the instrumentations this system needs: incoming HTTP on every
 * service, the gateway's undici requests to the subgraphs (each a span with `bkn.subgraph` and `bkn.region`,
 * carrying W3C traceparent to the service), and pg (one span per SQL statement). @apollo/gateway adds its own
 * spans (request, plan, fetch per subgraph) under the incoming request's. Returns a function that flushes and stops.
 */
export async function startTracing(options: TracingOptions): Promise<() => Promise<void>> {
  const [
    { NodeSDK },
    { HttpInstrumentation },
    { UndiciInstrumentation },
    { PgInstrumentation },
    { OTLPTraceExporter },
  ] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-undici'),
    import('@opentelemetry/instrumentation-pg'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME || options.serviceName,
    ...(options.spanProcessors
      ? { spanProcessors: options.spanProcessors }
      : { traceExporter: options.exporter ?? new OTLPTraceExporter() }),
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes every few seconds would bury the operations.
        ignoreIncomingRequestHook: (request) => /^\/(live|ready|health|metrics)(\?|$)/.test(request.url ?? ''),
      }),
      new UndiciInstrumentation({
        startSpanHook: (request) => describeOutgoing(request as { origin?: string; path?: string }) ?? {},
        requestHook: (span, request) => {
          const attributes = describeOutgoing(request as { origin?: string; path?: string });
          if (attributes?.['bkn.subgraph']) {
            const target = attributes['bkn.region']
              ? `region ${String(attributes['bkn.region'])}`
              : String(attributes['bkn.subgraph']);
            span.updateName(`POST ${target}`);
          }
        },
      }),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return () => sdk.shutdown();
}
