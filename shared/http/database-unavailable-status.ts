import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/**
 * Answers HTTP 503 when any error of the response is DATABASE_UNAVAILABLE: the gateway takes a 503 for the
 * service failing (REGION_UNAVAILABLE for a region, SUBGRAPH_UNAVAILABLE for national) instead of passing one
 * error per entity on, and a load balancer or circuit breaker sees the failure without reading the body.
 */
export function databaseUnavailableStatus<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          if (response.body.singleResult.errors?.some((error) => error.extensions?.code === 'DATABASE_UNAVAILABLE'))
            response.http.status = 503;
        },
      };
    },
  };
}
