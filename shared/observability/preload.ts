/**
 * Loaded before the app (`node --import ./dist/shared/observability/preload.js dist/gateway/main.js`): when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set, starts OpenTelemetry tracing before any module it instruments (http,
 * undici, pg) is imported; otherwise does nothing. The ESM loader hook lets the instrumentations patch
 * modules that the app imports rather than requires.
 */
import { register } from 'node:module';
import { basename, dirname } from 'node:path';
import { startTracing, tracingWanted } from './tracing.ts';

if (tracingWanted()) {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  // "gateway", "national", "regional": the folder of the entry point, unless OTEL_SERVICE_NAME says otherwise.
  const entry = process.argv[1] ?? 'bkn';
  const stop = await startTracing({ serviceName: `bkn-${basename(dirname(entry))}` });
  // Spans still buffered are sent before the process ends (stop-on-signals exits the process itself).
  process.once('beforeExit', () => void stop());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.prependListener(signal, () => void stop());
}
