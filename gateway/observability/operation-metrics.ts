import type { ApolloServerPlugin } from '@apollo/server';
import { counter, gauge, histogram, operationLabel } from '../../shared/observability/metrics.ts';
import type { GatewayContext } from '../logging/request-logging.ts';

const operations = counter(
  'bkn_gateway_operations_total',
  'Operations the gateway answered, by operation name and HTTP status',
  ['operation', 'status'],
);
const errors = counter(
  'bkn_gateway_operation_errors_total',
  "Errors in the gateway's answers, by operation name and error code",
  ['operation', 'code'],
);
const duration = histogram(
  'bkn_gateway_operation_duration_seconds',
  'From receiving an operation to sending its answer',
  ['operation'],
);
const regionErrors = counter(
  'bkn_gateway_region_errors_total',
  "Errors naming a region in the gateway's answers (REGION_UNAVAILABLE, …): the region's cells were null",
  ['region', 'code'],
);
const cacheLookups = counter(
  'bkn_gateway_response_cache_total',
  'Whole-response cache lookups, by result (hit or miss)',
  ['result'],
);

/** Requests, latency and errors by operation name; errors by region; response cache hits (when `cache` is on). */
export function operationMetrics(options: { cache: boolean }): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request }) {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors: found, operationName }) {
          const operation = operationLabel(operationName ?? request.operationName);
          for (const error of found) {
            const code = String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
            errors.inc({ operation, code });
            const region = error.extensions?.region;
            if (typeof region === 'string') regionErrors.inc({ region, code });
          }
        },
        async willSendResponse({ operationName, response, metrics, operation: document }) {
          const operation = operationLabel(operationName ?? request.operationName);
          operations.inc({ operation, status: String(response.http.status ?? 200) });
          duration.observe({ operation }, (performance.now() - started) / 1000);
          // Only operations that got as far as the cache count: a refused or malformed one never looked.
          if (options.cache && document) cacheLookups.inc({ result: metrics.responseCacheHit ? 'hit' : 'miss' });
        },
      };
    },
  };
}

const dataVersionGauge = gauge(
  'bkn_data_version',
  'The national data version the gateway last read (every import that changes something moves it)',
  [],
);
const dataVersionChanged = gauge(
  'bkn_data_version_changed_timestamp_seconds',
  'When this gateway saw the national data version change (Unix seconds); 0 until it has seen a change: ' +
    "an import's last effect",
  [],
);
let lastVersion: string | undefined;

/** Called with each data version the gateway reads from national: a change marks the time an import took effect. */
export function observeDataVersion(version: string): void {
  if (lastVersion !== undefined && version !== lastVersion) dataVersionChanged.set(Date.now() / 1000);
  else if (lastVersion === undefined) dataVersionChanged.set(0);
  lastVersion = version;
  const numeric = Number(version);
  if (Number.isFinite(numeric)) dataVersionGauge.set(numeric);
}
