import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Dispatcher } from 'undici';
import type { Logger } from '../../shared/logging/logger.ts';
import { restrictCachePolicy } from '../subgraph-http/cache-hint.ts';
import { postGraphQLForAnswer, SubgraphHttpError } from '../subgraph-http/post-graphql.ts';
import { forwardedHeaders } from '../subgraph-http/forwarded-headers.ts';
import type { GatewayContext } from '../logging/request-logging.ts';
import { routeEntitiesByRegion, type RegionKey } from './route-entities-by-region.ts';
import { routeRootFieldsByRegion } from './route-root-fields-by-region.ts';

export interface ShardRouterOptions {
  subgraphName: string;
  /** region code → that region's GraphQL URL */
  regionUrls: ReadonlyMap<string, string>;
  regionKey: RegionKey;
  timeoutMs: number;
  agent: Dispatcher;
  logger: Logger;
}

/**
 * The gateway's data source for the sharded subgraph: each region's entities go to that region's service, and
 * so does each root field, by its `region` argument (`plan(region, year)`).
 */
export class ShardRouterDataSource implements GraphQLDataSource {
  constructor(private readonly options: ShardRouterOptions) {}

  async process(processOptions: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    const { request } = processOptions;
    const representations = request.variables?.representations;
    const headers = forwardedHeaders(processOptions);
    const context: Partial<GatewayContext> = processOptions.kind === 'incoming operation' ? processOptions.context : {};
    const logger = context.logger ?? this.options.logger;
    const post = async (region: string, body: unknown) => {
      const url = this.options.regionUrls.get(region)!;
      try {
        const answer = await postGraphQLForAnswer({ agent: this.options.agent, url, service: `region ${region}`, body, headers, timeoutMs: this.options.timeoutMs, signal: context.signal });
        // Every region bounds the cache policy; a failed one is not cached, since its error stays in the response.
        restrictCachePolicy(processOptions, answer.cacheControl);
        return answer.body;
      } catch (error) {
        // The client's error names the region; the address and the low-level cause go to the log only.
        if (error instanceof SubgraphHttpError) {
          const level = error.reason === 'ABORTED' ? 'debug' : 'warn';
          logger[level]({ subgraph: this.options.subgraphName, region, url, reason: error.reason, detail: error.detail }, `region request failed: ${error.message}`);
        }
        throw error;
      }
    };
    try {
      if (!Array.isArray(representations)) {
        // A root field (e.g. `plan(region, year)`): routed by its region argument.
        return (await routeRootFieldsByRegion({
          query: request.query!,
          operationName: request.operationName,
          variables: request.variables ?? {},
          configuredRegions: [...this.options.regionUrls.keys()],
          send: post,
        })) as GatewayGraphQLResponse;
      }
      return (await routeEntitiesByRegion({
        representations,
        key: this.options.regionKey,
        configuredRegions: [...this.options.regionUrls.keys()],
        send: (region, slice) => post(region, { query: request.query, operationName: request.operationName, variables: { ...request.variables, representations: slice } }),
      })) as GatewayGraphQLResponse;
    } catch (error) {
      // routeEntitiesByRegion does not reject; this is the last guard of "the router never throws".
      this.options.logger.error({ err: error }, 'shard router failed');
      return { errors: [{ message: 'The region router failed; see the gateway log', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } as GatewayGraphQLResponse;
    }
  }
}
