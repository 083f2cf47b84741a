import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { context as otelContext, propagation, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { counter, histogram, operationLabel } from './metrics.ts';

const LABELS = ['service', 'region', 'operation'] as const;
const operations = counter(
  'bkn_subgraph_operations_total',
  'GraphQL operations a subgraph answered, by operation name',
  LABELS,
);
const errors = counter(
  'bkn_subgraph_operation_errors_total',
  'Errors in subgraph answers, by operation name and error code',
  [...LABELS, 'code'],
);
const duration = histogram(
  'bkn_subgraph_operation_duration_seconds',
  'Time from receiving a GraphQL request to sending its answer',
  LABELS,
);

const tracer = trace.getTracer('bkn-subgraph');

/**
 * The context the subgraph's span hangs under: the HTTP server span when one is active for this trace, else the
 * gateway's (traceparent).
 */
function parentContext(headers: Iterable<[string, string]> | undefined): Context {
  const carrier: Record<string, string> = {};
  for (const [name, value] of headers ?? []) carrier[name] = value;
  const active = otelContext.active();
  const remote = propagation.extract(active, carrier);
  const activeSpan = trace.getSpan(active);
  const remoteSpan = trace.getSpan(remote);
  if (activeSpan && (!remoteSpan || activeSpan.spanContext().traceId === remoteSpan.spanContext().traceId))
    return active;
  return remote;
}

/**
 * Metrics and a span for every operation a subgraph answers. `service` and `region` come from the service's
 * logger ("national"; "regional-VI", region "VI"); the span carries `bkn.region` and continues the trace
 * the gateway started (W3C traceparent), so a region's work shows under the gateway's call to it.
 */
export function subgraphObservability<Context extends BaseContext>(labels: {
  service: string;
  region: string;
}): ApolloServerPlugin<Context> {
  const spanName = `graphql ${labels.region ? `region ${labels.region}` : labels.service}`;
  const spanOptions = {
    kind: SpanKind.SERVER,
    attributes: { 'bkn.service': labels.service, ...(labels.region ? { 'bkn.region': labels.region } : {}) },
  };
  return {
    async requestDidStart({ request }) {
      const started = performance.now();
      const span = tracer.startSpan(spanName, spanOptions, parentContext(request.http?.headers));
      return {
        async didEncounterErrors({ errors: found, operationName }) {
          const operation = operationLabel(operationName ?? request.operationName);
          for (const error of found)
            errors.inc({ ...labels, operation, code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
          span.setStatus({ code: SpanStatusCode.ERROR, message: found[0]?.message });
        },
        async willSendResponse({ operationName }) {
          // Written out, not `{ ...labels, operation }`: on Node 20 a property after a spread costs about 1 µs.
          const operationLabels = {
            service: labels.service,
            region: labels.region,
            operation: operationLabel(operationName ?? request.operationName),
          };
          operations.inc(operationLabels);
          duration.observe(operationLabels, (performance.now() - started) / 1000);
          span.setAttribute('graphql.operation.name', operationName ?? request.operationName ?? '');
          span.end();
        },
      };
    },
  };
}
