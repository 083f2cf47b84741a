import type { GraphQLHttpResponse } from '../subgraph-http/post-graphql.ts';
import { type RegionKey, routeEntitiesByRegion } from './route-entities-by-region.ts';
import { routeRootFieldsByRegion, type SendOperation } from './route-root-fields-by-region.ts';

/** One request of the query plan to the sharded subgraph. */
export interface ShardedRequest {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

/**
 * Routes one request to the sharded subgraph's regions: `_entities` by each representation's region key, a
 * root field (`plan(region, year)`) by its `region` argument. `send` carries one region's part, an operation
 * of its own; the answers come back merged in the request's order. Never rejects, as both routers.
 */
export function routeRequestByRegion(options: {
  request: ShardedRequest;
  regionKey: RegionKey;
  configuredRegions: string[];
  send: SendOperation;
}): Promise<GraphQLHttpResponse> {
  const { request, regionKey, configuredRegions, send } = options;
  const representations = request.variables?.representations;
  if (!Array.isArray(representations)) {
    return routeRootFieldsByRegion({
      query: request.query,
      operationName: request.operationName,
      variables: request.variables ?? {},
      configuredRegions,
      send,
    });
  }
  return routeEntitiesByRegion({
    representations,
    key: regionKey,
    configuredRegions,
    send: (region, slice) =>
      send(region, {
        query: request.query,
        operationName: request.operationName,
        variables: { ...request.variables, representations: slice },
      }),
  });
}
