import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { counter, gauge, histogram } from '../../shared/observability/metrics.ts';
import { describeOutgoingRequests } from '../../shared/observability/tracing.ts';
import { COALESCED_REQUEST_IDS_HEADER } from '../shard-router/coalesced-region-requests.ts';

/** A subgraph the gateway calls: the sharded one once per region. */
export interface ObservedEndpoint {
  name: string;
  region?: string;
  url: string;
}

const LABELS = ['subgraph', 'region'] as const;
const calls = counter(
  'bkn_gateway_subgraph_requests_total',
  'HTTP requests from the gateway to a subgraph (a region of the sharded one), retries included',
  LABELS,
);
const failures = counter(
  'bkn_gateway_subgraph_errors_total',
  'Subgraph requests that failed: reason timeout, aborted (the operation was cancelled), connection, or http_<status>',
  [...LABELS, 'reason'],
);
const latency = histogram(
  'bkn_gateway_subgraph_request_duration_seconds',
  'From sending a subgraph request to the last byte of its answer',
  LABELS,
);
const coalesced = counter(
  'bkn_gateway_subgraph_requests_coalesced_total',
  "Operations' requests sent inside another operation's request to the same busy region (REGION_REQUESTS_IN_FLIGHT); " +
    'that request counts once in bkn_gateway_subgraph_requests_total',
  LABELS,
);
const circuit = gauge(
  'bkn_circuit_open',
  '1 while the circuit breaker of a subgraph (a region of the sharded one) is open, 0 while closed',
  LABELS,
);

/**
 * Records a circuit breaker's state on /metrics as `bkn_circuit_open{subgraph,region}`: call it on every
 * transition. `region` is empty for an unsharded subgraph.
 */
export function setCircuitOpen(subgraph: string, region: string | undefined, open: boolean): void {
  circuit.set({ subgraph, region: region ?? '' }, open ? 1 : 0);
}

/** `riders` operations' requests to a region went inside one other operation's request. */
export function countCoalescedRequests(subgraph: string, region: string, riders: number): void {
  coalesced.inc({ subgraph, region }, riders);
}

/** origin + path of each endpoint's URL → the endpoint; a URL served to two gateways in one process counts once. */
const endpoints = new Map<string, ObservedEndpoint>();
const keyOf = (url: URL) => `${url.origin}${url.pathname}${url.search}`;

/** Regions each operation asked and those whose request failed, by the request id the gateway forwards. */
const operations = new Map<string, { asked: Set<string>; failed: Set<string> }>();

interface UndiciRequest {
  origin?: string | URL;
  path?: string;
  headers?: string[] | string;
}
interface Call {
  endpoint: ObservedEndpoint;
  started: number;
  status?: number;
  requestIds: string[];
}
const inFlight = new WeakMap<object, Call>();

/** A header's line in undici's older form of the headers, one string. */
const headerLine = (name: string) => new RegExp(`(?:^|\\r\\n)${name}:\\s*([^\\r\\n]*)`, 'i');
const REQUEST_ID_LINE = headerLine('x-request-id');
const COALESCED_LINE = headerLine(COALESCED_REQUEST_IDS_HEADER);

function headerOf(headers: UndiciRequest['headers'], name: string, line: RegExp): string | undefined {
  if (Array.isArray(headers)) {
    for (let index = 0; index + 1 < headers.length; index += 2)
      if (String(headers[index]).toLowerCase() === name) return String(headers[index + 1]);
    return undefined;
  }
  return typeof headers === 'string' ? line.exec(headers)?.[1] : undefined;
}

/** The operations a request serves: its own request id, and those of the operations coalesced into it. */
function requestIdsOf(headers: UndiciRequest['headers']): string[] {
  const requestId = headerOf(headers, 'x-request-id', REQUEST_ID_LINE);
  if (requestId === undefined) return [];
  const coalesced = headerOf(headers, COALESCED_REQUEST_IDS_HEADER, COALESCED_LINE);
  return coalesced ? [requestId, ...coalesced.split(',')] : [requestId];
}

/** Which subgraph (and region) an outgoing undici request goes to, if it is one the gateway calls. */
export function endpointOfRequest(request: UndiciRequest): ObservedEndpoint | undefined {
  if (!request.origin || request.path === undefined || endpoints.size === 0) return undefined;
  try {
    return endpoints.get(keyOf(new URL(request.path, request.origin)));
  } catch {
    return undefined;
  }
}

// Each traced subgraph request carries the subgraph and the region it went to.
describeOutgoingRequests((request) => {
  const endpoint = endpointOfRequest(request);
  return endpoint && { 'bkn.subgraph': endpoint.name, ...(endpoint.region ? { 'bkn.region': endpoint.region } : {}) };
});

const labelsOf = (endpoint: ObservedEndpoint) => ({ subgraph: endpoint.name, region: endpoint.region ?? '' });

function finish(request: object, reason?: string) {
  const call = inFlight.get(request);
  if (!call) return;
  inFlight.delete(request);
  const labels = labelsOf(call.endpoint);
  latency.observe(labels, (performance.now() - call.started) / 1000);
  if (!reason && call.status !== undefined && call.status >= 400) reason = `http_${call.status}`;
  if (!reason) return;
  failures.inc({ ...labels, reason });
  const { region } = call.endpoint;
  if (region !== undefined) for (const requestId of call.requestIds) operations.get(requestId)?.failed.add(region);
}

const onCreate = (message: unknown) => {
  const { request } = message as { request: UndiciRequest };
  const endpoint = endpointOfRequest(request);
  if (!endpoint) return;
  const requestIds = requestIdsOf(request.headers);
  inFlight.set(request, { endpoint, started: performance.now(), requestIds });
  calls.inc(labelsOf(endpoint));
  const { region } = endpoint;
  if (region !== undefined) for (const requestId of requestIds) operations.get(requestId)?.asked.add(region);
};
const onHeaders = (message: unknown) => {
  const { request, response } = message as { request: object; response: { statusCode: number } };
  const call = inFlight.get(request);
  if (call) call.status = response.statusCode;
};
const onTrailers = (message: unknown) => finish((message as { request: object }).request);
const onError = (message: unknown) => {
  const { request, error } = message as { request: object; error: Error & { code?: string; cause?: unknown } };
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const name = cause?.name === 'TimeoutError' || error.name === 'TimeoutError' ? 'TimeoutError' : error.name;
  finish(
    request,
    name === 'TimeoutError'
      ? 'timeout'
      : name === 'AbortError' || error.code === 'UND_ERR_ABORTED'
        ? 'aborted'
        : 'connection',
  );
};

let subscribers = 0;

/**
 * Counts and times every request the gateway sends to the given subgraphs, from undici's diagnostics
 * channels: no data source changes, and a retry on a fresh socket counts as the second request it is. Returns
 * the function that stops observing these endpoints.
 */
export function observeSubgraphCalls(list: readonly ObservedEndpoint[]): () => void {
  const keys = list.map((endpoint) => keyOf(new URL(endpoint.url)));
  list.forEach((endpoint, index) => {
    endpoints.set(keys[index]!, endpoint);
  });
  if (subscribers++ === 0) {
    subscribe('undici:request:create', onCreate);
    subscribe('undici:request:headers', onHeaders);
    subscribe('undici:request:trailers', onTrailers);
    subscribe('undici:request:error', onError);
  }
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    for (const key of keys) endpoints.delete(key);
    if (--subscribers === 0) {
      unsubscribe('undici:request:create', onCreate);
      unsubscribe('undici:request:headers', onHeaders);
      unsubscribe('undici:request:trailers', onTrailers);
      unsubscribe('undici:request:error', onError);
    }
  };
}

/** Starts collecting the regions one operation (by its request id) asks; `regionsOf` hands them over once. */
export function trackRegions(requestId: string): void {
  operations.set(requestId, { asked: new Set(), failed: new Set() });
}

export function regionsOf(requestId: string): { asked: string[]; failed: string[] } {
  const entry = operations.get(requestId);
  operations.delete(requestId);
  return { asked: [...(entry?.asked ?? [])].sort(), failed: [...(entry?.failed ?? [])].sort() };
}
