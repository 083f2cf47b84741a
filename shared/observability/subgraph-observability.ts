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

const directAnswers = counter(
  'bkn_subgraph_direct_answers_total',
  "Operations a subgraph answered on its direct path, without Apollo Server's pipeline (the rest fell back to it)",
  LABELS,
);

const tracer = trace.getTracer('bkn-subgraph');

/**
 * The context the subgraph's span hangs under: the HTTP server span when one is active for this trace, else the
 * gateway's (traceparent in `carrier`, the request's headers).
 */
function parentContextOf(carrier: Record<string, string | string[] | undefined>): Context {
  const active = otelContext.active();
  const remote = propagation.extract(active, carrier);
  const activeSpan = trace.getSpan(active);
  const remoteSpan = trace.getSpan(remote);
  if (activeSpan && (!remoteSpan || activeSpan.spanContext().traceId === remoteSpan.spanContext().traceId))
    return active;
  return remote;
}

function parentContext(headers: Iterable<[string, string]> | undefined): Context {
  const carrier: Record<string, string> = {};
  for (const [name, value] of headers ?? []) carrier[name] = value;
  return parentContextOf(carrier);
}

interface ObservedService {
  service: string;
  region: string;
}

/** The span's name and options, made once per service. */
function spanOf(labels: ObservedService) {
  return {
    name: `graphql ${labels.region ? `region ${labels.region}` : labels.service}`,
    options: {
      kind: SpanKind.SERVER,
      attributes: { 'bkn.service': labels.service, ...(labels.region ? { 'bkn.region': labels.region } : {}) },
    },
  };
}

// Written out, not `{ ...labels, operation }`: on Node 20 a property after a spread costs about 1 µs.
const operationLabelsOf = (labels: ObservedService, operationName: string | null | undefined) => ({
  service: labels.service,
  region: labels.region,
  operation: operationLabel(operationName),
});

/**
 * Metrics and a span for every operation a subgraph answers. `service` and `region` come from the service's
 * logger ("national"; "regional-VI", region "VI"); the span carries `bkn.region` and continues the trace
 * the gateway started (W3C traceparent), so a region's work shows under the gateway's call to it.
 */
export function subgraphObservability<Context extends BaseContext>(
  labels: ObservedService,
): ApolloServerPlugin<Context> {
  const span = spanOf(labels);
  return {
    async requestDidStart({ request }) {
      const started = performance.now();
      const operationSpan = tracer.startSpan(span.name, span.options, parentContext(request.http?.headers));
      return {
        async didEncounterErrors({ errors: found, operationName }) {
          const operation = operationLabel(operationName ?? request.operationName);
          for (const error of found)
            errors.inc({ ...labels, operation, code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
          operationSpan.setStatus({ code: SpanStatusCode.ERROR, message: found[0]?.message });
        },
        async willSendResponse({ operationName }) {
          const operationLabels = operationLabelsOf(labels, operationName ?? request.operationName);
          operations.inc(operationLabels);
          duration.observe(operationLabels, (performance.now() - started) / 1000);
          operationSpan.setAttribute('graphql.operation.name', operationName ?? request.operationName ?? '');
          operationSpan.end();
        },
      };
    },
  };
}

/** Records one operation answered cleanly, the same metrics and span as `subgraphObservability`'s. */
export type RecordAnsweredOperation = (
  headers: Record<string, string | string[] | undefined>,
  startedAt: number,
  operationName: string | undefined,
) => void;

/**
 * `subgraphObservability` for the operations a subgraph answers outside Apollo Server's pipeline
 * (`direct-execution.ts`). The span is made once the answer is known, from `startedAt` (a `performance.now()`),
 * so that an attempt handed on to Apollo Server leaves no span of its own: Apollo's plugin records that one.
 */
export function answeredOperationRecorder(labels: ObservedService): RecordAnsweredOperation {
  const span = spanOf(labels);
  return (headers, startedAt, operationName) => {
    const operationLabels = operationLabelsOf(labels, operationName);
    operations.inc(operationLabels);
    directAnswers.inc(operationLabels);
    duration.observe(operationLabels, (performance.now() - startedAt) / 1000);
    const options = { kind: span.options.kind, attributes: span.options.attributes, startTime: startedAt };
    const operationSpan = tracer.startSpan(span.name, options, parentContextOf(headers));
    operationSpan.setAttribute('graphql.operation.name', operationName ?? '');
    operationSpan.end();
  };
}
