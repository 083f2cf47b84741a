import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/** The cache-control header of an answer without errors. */
export const cacheableAnswer = (maxAgeSeconds: number) => `max-age=${maxAgeSeconds}, public`;

/**
 * A subgraph answer's cache-control header: `max-age=<maxAgeSeconds>, public` for an answer without errors,
 * `no-store` for one with errors; exactly what Apollo's cache-control plugin with that `defaultMaxAge` sends
 * while no field carries a hint of its own (no `@cacheControl`, no `setCacheHint`: a unit test holds the
 * schemas to that). Apollo's plugin works that out per resolved field, which instruments every resolver of
 * the schema; on a regional `_entities` request that cost more than executing the fields themselves.
 */
export function fixedCacheControl<Context extends BaseContext>(maxAgeSeconds: number): ApolloServerPlugin<Context> {
  const cacheable = cacheableAnswer(maxAgeSeconds);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const clean = response.body.kind === 'single' && !response.body.singleResult.errors;
          response.http.headers.set('cache-control', clean ? cacheable : 'no-store');
        },
      };
    },
  };
}
