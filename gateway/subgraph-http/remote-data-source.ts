import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Dispatcher } from 'undici';
import { graphQLError } from '../../shared/errors/error-codes.ts';
import type { Logger } from '../../shared/logging/logger.ts';
import type { GatewayContext } from '../logging/request-logging.ts';
import { forwardedHeaders } from './forwarded-headers.ts';
import { restrictCachePolicy } from './cache-hint.ts';
import { postGraphQLForAnswer, SubgraphHttpError } from './post-graphql.ts';
import { CircuitOpenError, type CircuitBreaker } from '../circuit-breaker/circuit-breaker.ts';
import { outcomeOfSubgraphError } from '../circuit-breaker/subgraph-call-outcome.ts';
import { audienceOf, type EntityCache, type EntityRequest } from '../entity-cache/entity-cache.ts';

/**
 * Data source of an unsharded subgraph: a plain POST over the shared keep-alive pool. A failure rejects,
 * as with Apollo's RemoteGraphQLDataSource, and the gateway reports it on the fields of that fetch: as a
 * GraphQLError (the gateway keeps a thrown GraphQLError's extensions), SUBGRAPH_UNAVAILABLE naming the
 * service, or OPERATION_ABORTED when the operation was cancelled; the URL goes to the log only.
 */
export class RemoteSubgraphDataSource implements GraphQLDataSource {
  constructor(
    private readonly options: {
      name: string;
      url: string;
      agent: Dispatcher;
      timeoutMs: number;
      logger?: Logger;
      /** This subgraph's circuit: after repeated failures its fields fail at once until a trial call succeeds. */
      circuit?: CircuitBreaker;
      /** Its answers kept by the graph's data version (what an import moves), as long as its max-age allows. */
      answerCache?: { cache: EntityCache; dataVersion: () => string | undefined };
    },
  ) {}

  async process(processOptions: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    const { request } = processOptions;
    const { name, url } = this.options;
    const context: Partial<GatewayContext> = processOptions.kind === 'incoming operation' ? processOptions.context : {};
    // A fetched answer narrows the operation's cache policy here; one the cache serves, by the header it was kept with.
    const post = async (body: EntityRequest) => {
      const call = () =>
        postGraphQLForAnswer({
          agent: this.options.agent,
          url,
          service: name,
          body,
          headers: forwardedHeaders(processOptions),
          timeoutMs: this.options.timeoutMs,
          signal: context.signal,
        });
      const answer = await (this.options.circuit ? this.options.circuit.run(call, outcomeOfSubgraphError) : call());
      restrictCachePolicy(processOptions, answer.cacheControl);
      return answer;
    };
    const body = { query: request.query!, operationName: request.operationName, variables: request.variables };
    const cached = this.options.answerCache;
    try {
      const answer = cached
        ? await cached.cache.answer({
            subgraph: name,
            scope: '',
            version: cached.dataVersion(),
            request: body,
            audience: audienceOf(processOptions),
            fetch: post,
            restrict: (cacheControl) => restrictCachePolicy(processOptions, cacheControl),
          })
        : await post(body);
      return answer.body as GatewayGraphQLResponse;
    } catch (error) {
      const logger = context.logger ?? this.options.logger;
      if (error instanceof CircuitOpenError) {
        logger?.debug({ subgraph: name, circuit: 'open' }, `subgraph request refused: ${error.message}`);
        throw graphQLError('SUBGRAPH_UNAVAILABLE', `The ${name} service is unavailable: it ${error.why}`, {
          service: name,
          reason: 'CIRCUIT_OPEN',
          circuit: 'open',
          retryAfterSeconds: Math.ceil(error.retryInMs / 1000),
        });
      }
      if (!(error instanceof SubgraphHttpError)) throw error;
      if (error.reason === 'ABORTED') {
        logger?.debug({ subgraph: name, url, reason: error.reason }, `subgraph request cancelled: ${error.message}`);
        throw graphQLError('OPERATION_ABORTED', `The operation was cancelled before the ${name} service answered`, {
          service: name,
          reason: error.reason,
        });
      }
      logger?.warn(
        { subgraph: name, url, reason: error.reason, detail: error.detail },
        `subgraph request failed: ${error.message}`,
      );
      throw graphQLError('SUBGRAPH_UNAVAILABLE', `The ${name} service is unavailable: ${error.message}`, {
        service: name,
        reason: error.reason,
      });
    }
  }
}
