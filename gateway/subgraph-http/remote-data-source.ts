import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Dispatcher } from 'undici';
import { forwardedHeaders } from './forwarded-headers.ts';
import { restrictCachePolicy } from './cache-hint.ts';
import { postGraphQLForAnswer } from './post-graphql.ts';

/**
 * Data source of an unsharded subgraph: a plain POST over the shared keep-alive pool. Failures reject,
 * as with Apollo's RemoteGraphQLDataSource, and the gateway reports them on the fields of that fetch.
 */
export class RemoteSubgraphDataSource implements GraphQLDataSource {
  constructor(private readonly options: { name: string; url: string; agent: Dispatcher; timeoutMs: number }) {}

  async process(processOptions: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    const { request } = processOptions;
    const answer = await postGraphQLForAnswer({
      agent: this.options.agent,
      url: this.options.url,
      body: { query: request.query, operationName: request.operationName, variables: request.variables },
      headers: forwardedHeaders(processOptions),
      timeoutMs: this.options.timeoutMs,
    });
    restrictCachePolicy(processOptions, answer.cacheControl);
    return answer.body as GatewayGraphQLResponse;
  }
}
