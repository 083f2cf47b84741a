import { createServer, type Server } from 'node:http';
import type { Express, RequestHandler } from 'express';
import client from 'prom-client';
import { readPort } from '../config/environment.ts';

/**
 * The process's one metric registry (prom-client's default): every module that records a metric and every
 * /metrics route read the same one, whichever copy of this module loaded it.
 */
export const metricRegistry = client.register;

/** Latency buckets in seconds: a cached answer takes a millisecond, a comparison over 14 regions a second or more. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** A counter registered once per process, however many times the module defining it was loaded. */
export function counter<Label extends string>(
  name: string,
  help: string,
  labelNames: readonly Label[],
): client.Counter<Label> {
  return (
    (metricRegistry.getSingleMetric(name) as client.Counter<Label> | undefined) ??
    new client.Counter({ name, help, labelNames })
  );
}

export function histogram<Label extends string>(
  name: string,
  help: string,
  labelNames: readonly Label[],
): client.Histogram<Label> {
  return (
    (metricRegistry.getSingleMetric(name) as client.Histogram<Label> | undefined) ??
    new client.Histogram({ name, help, labelNames, buckets: LATENCY_BUCKETS })
  );
}

export function gauge<Label extends string>(
  name: string,
  help: string,
  labelNames: readonly Label[],
  collect?: (this: client.Gauge<Label>) => void | Promise<void>,
): client.Gauge<Label> {
  return (
    (metricRegistry.getSingleMetric(name) as client.Gauge<Label> | undefined) ??
    new client.Gauge({ name, help, labelNames, ...(collect ? { collect } : {}) })
  );
}

if (!metricRegistry.getSingleMetric('process_cpu_user_seconds_total'))
  client.collectDefaultMetrics({ register: metricRegistry });

/** Distinct operation names a label may take before the rest count as "other": clients choose them. */
export const MAX_OPERATION_NAMES = 200;
const operationNames = new Set<string>();

/**
 * An operation name as a metric label. Names come from clients, so an unbounded set of them would grow
 * every series without end: missing → "anonymous", not a GraphQL name → "invalid", past the first
 * MAX_OPERATION_NAMES distinct names → "other".
 */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,99}$/.test(name)) return 'invalid';
  if (operationNames.has(name)) return name;
  if (operationNames.size >= MAX_OPERATION_NAMES) return 'other';
  operationNames.add(name);
  return name;
}

/** Answers GET /metrics in Prometheus's text format. */
export const metricsHandler: RequestHandler = async (_req, res, next) => {
  try {
    const text = await metricRegistry.metrics();
    res.setHeader('content-type', metricRegistry.contentType);
    res.setHeader('cache-control', 'no-store');
    res.end(text);
  } catch (error) {
    next(error);
  }
};

/**
 * METRICS_PORT: when set, /metrics is served only there (METRICS_HOST, default HOST or 127.0.0.1), never on the
 * service's port.
 */
export interface MetricsPlacement {
  port: number | undefined;
  host: string;
}

export function readMetricsPlacement(env: NodeJS.ProcessEnv = process.env): MetricsPlacement {
  const port = env.METRICS_PORT === undefined || env.METRICS_PORT === '' ? undefined : readPort(env, 'METRICS_PORT', 0);
  return { port, host: env.METRICS_HOST || env.HOST || '127.0.0.1' };
}

let metricsServer: Promise<Server> | undefined;

/**
 * The process's own metrics listener on METRICS_PORT, started once however many apps the process serves
 * (REGIONS=… serves several regions, each on its own port, from one registry). It never keeps a stopping
 * process alive.
 */
export function startMetricsServer(placement: MetricsPlacement): Promise<Server> {
  metricsServer ??= new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET' || path !== '/metrics') {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'only GET /metrics is served on this port' }));
        return;
      }
      metricRegistry.metrics().then(
        (text) =>
          res.writeHead(200, { 'content-type': metricRegistry.contentType, 'cache-control': 'no-store' }).end(text),
        (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(error.message),
      );
    });
    server.once('error', reject);
    server.listen(placement.port, placement.host, () => {
      server.unref();
      resolve(server);
    });
  });
  return metricsServer;
}

/**
 * Where a service's /metrics goes: with METRICS_PORT on its own listener (started here, once), otherwise on
 * `app` behind `guard` (the gateway lets only analysts and loopback callers read it).
 */
export function mountMetrics(app: Express, options: { env?: NodeJS.ProcessEnv; guard?: RequestHandler } = {}): void {
  const placement = readMetricsPlacement(options.env);
  if (placement.port !== undefined) {
    startMetricsServer(placement).catch((error: Error) => {
      // A taken port must not pass silently: the scrape would find nothing.
      process.emitWarning(`metrics: cannot listen on ${placement.host}:${placement.port}: ${error.message}`);
    });
    return;
  }
  if (options.guard) app.get('/metrics', options.guard, metricsHandler);
  else app.get('/metrics', metricsHandler);
}
