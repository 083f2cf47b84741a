import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../../shared/logging/logger.ts';
import type { Identity } from '../auth/identity.ts';
import { regionsOf, trackRegions } from '../observability/subgraph-calls.ts';

export interface GatewayContext {
  requestId: string;
  logger: Logger;
  /** Who asked (anonymous when AUTH_MODE is off, or optional and no credentials came). */
  identity: Identity;
  /** Aborted when the client goes away or the operation's deadline passes; every subgraph call listens to it. */
  signal: AbortSignal;
  /** The client's address: anonymous callers are rate-limited by it. */
  clientAddress?: string;
  /** The operation's price, once admitted (gateway/limits). */
  cost?: number;
}

/**
 * One JSON access-log line per operation (info): operation, cost, duration, HTTP status, caller, the regions
 * it asked and those that failed; and every error with the request id, regions down as warnings.
 */
export function requestLogging(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      trackRegions(contextValue.requestId);
      const regionsInErrors = new Set<string>();
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            const attributes = { code, region: error.extensions?.region, path: error.path, message: error.message };
            if (typeof attributes.region === 'string') regionsInErrors.add(attributes.region);
            if (code === 'REGION_UNAVAILABLE' || code === 'REGION_NOT_CONFIGURED')
              contextValue.logger.warn(attributes, 'region missing from the answer');
            else if (
              code === 'BAD_USER_INPUT' ||
              code === 'GRAPHQL_VALIDATION_FAILED' ||
              code === 'GRAPHQL_PARSE_FAILED'
            )
              contextValue.logger.info(attributes, 'bad request');
            else contextValue.logger.error({ ...attributes, err: error.originalError }, 'error in the answer');
          }
        },
        async willSendResponse({ operationName, request, response }) {
          const regions = regionsOf(contextValue.requestId);
          const line = {
            operationName: operationName ?? request.operationName ?? null,
            cost: contextValue.cost ?? null,
            ms: Math.round(performance.now() - started),
            status: response.http.status ?? 200,
            caller: contextValue.identity.subject,
            regionsAsked: regions.asked,
            // A region whose request failed, or that an error in the answer names (its circuit open, not configured).
            regionsFailed: [...new Set([...regions.failed, ...regionsInErrors])].sort(),
          };
          // Written once the answer is on its way: pino writes synchronously, and the line held every answer back.
          setImmediate(() => contextValue.logger.info(line, 'operation'));
        },
      };
    },
  };
}
