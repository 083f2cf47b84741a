import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Dispatcher } from 'undici';
import type { Logger } from '../../shared/logging/logger.ts';
import { restrictCachePolicy } from '../subgraph-http/cache-hint.ts';
import { postGraphQLForAnswer, SubgraphHttpError, type GraphQLHttpResponse } from '../subgraph-http/post-graphql.ts';
import { headersFor, type IncomingHeaders } from '../subgraph-http/forwarded-headers.ts';
import type { GatewayContext } from '../logging/request-logging.ts';
import { CircuitOpenError, type CircuitBreakers } from '../circuit-breaker/circuit-breaker.ts';
import { outcomeOfSubgraphError } from '../circuit-breaker/subgraph-call-outcome.ts';
import { errorAt, regionOf, type RegionKey } from './route-entities-by-region.ts';
import { routeRequestByRegion, type ShardedRequest } from './route-request-by-region.ts';
import type { SendOperation } from './route-root-fields-by-region.ts';
import type { LastGoodAnswer, LastGoodAnswers } from './last-good-answers.ts';
import { errorBody } from '../../shared/errors/error-codes.ts';
import {
  audienceFor,
  type EntityCache,
  type EntityLookup,
  type EntityRequest,
  type RegionAnswer,
} from '../entity-cache/entity-cache.ts';

export interface ShardRouterOptions {
  subgraphName: string;
  /** region code → that region's GraphQL URL */
  regionUrls: ReadonlyMap<string, string>;
  regionKey: RegionKey;
  timeoutMs: number;
  agent: Dispatcher;
  logger: Logger;
  /**
   * This subgraph's circuits, one per region (by region code): a region that failed repeatedly is refused at once
   * until a trial call succeeds.
   */
  circuits?: CircuitBreakers;
  /** With the response cache on: each region's last good answers, served marked stale when that region fails. */
  lastGoodAnswers?: { answers: LastGoodAnswers; dataVersion: () => string | undefined };
  /** Each region's answers (`_entities` per entity), keyed by that region's data version; off when undefined. */
  entityCache?: { cache: EntityCache; regionVersion: (region: string) => string | undefined };
}

/** One request for the sharded subgraph, with what the client's operation says of it. */
export interface ShardedOperation {
  request: ShardedRequest;
  context: Partial<GatewayContext>;
  /** The client's HTTP headers: some are forwarded, and the language decides who may share a cached answer. */
  incomingHeaders: IncomingHeaders | undefined;
  /** Narrows the client operation's cache policy by one answer's cache-control header (undefined: not cacheable). */
  restrictCachePolicy: (cacheControl: string | undefined) => void;
}

/** Sends one region its part of a request, through its circuit; a failed region's last good answer, marked stale. */
type PostToRegion = (region: string, body: EntityRequest) => Promise<RegionAnswer>;

/** Where a region's answer is marked stale: its first entity, or its first root field. */
function stalePath(body: GraphQLHttpResponse): Array<string | number> {
  const data = body.data ?? {};
  return Array.isArray(data._entities) ? ['_entities', 0] : [Object.keys(data)[0] ?? '_entities'];
}

function staleAnswer(region: string, kept: LastGoodAnswer, cause: unknown): GraphQLHttpResponse {
  const asOf = kept.asOf.toISOString();
  const why =
    cause instanceof CircuitOpenError
      ? `it ${cause.why}`
      : cause instanceof SubgraphHttpError
        ? cause.message
        : 'its answer could not be used';
  const reason =
    cause instanceof CircuitOpenError
      ? 'CIRCUIT_OPEN'
      : cause instanceof SubgraphHttpError
        ? cause.reason
        : 'BAD_RESPONSE';
  const stale = errorAt(
    'REGION_STALE',
    `Region ${region} is unavailable (${why}); its figures here are the last known ones, as of ${asOf}`,
    stalePath(kept.body),
    {
      region,
      asOf,
      reason,
      ...(cause instanceof CircuitOpenError ? { circuit: 'open' } : {}),
    },
  );
  return { ...kept.body, errors: [...(kept.body.errors ?? []), stale] };
}

/**
 * The gateway's data source for the sharded subgraph: each region's entities go to that region's service, and
 * so does each root field, by its `region` argument (`plan(region, year)`).
 */
export class ShardRouterDataSource implements GraphQLDataSource {
  constructor(private readonly options: ShardRouterOptions) {}

  /** Whether a service is configured for `region` (a normalised code). */
  serves(region: string): boolean {
    return this.options.regionUrls.has(region);
  }

  process(processOptions: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    const incoming = processOptions.kind === 'incoming operation';
    return this.route({
      request: processOptions.request as ShardedRequest,
      context: incoming ? (processOptions.context as Partial<GatewayContext>) : {},
      incomingHeaders: incoming ? processOptions.incomingRequestContext.request.http?.headers : undefined,
      restrictCachePolicy: (cacheControl) => restrictCachePolicy(processOptions, cacheControl),
    });
  }

  /** Routes one request of the query plan, or a client's operation the sharded subgraph answers alone. */
  async route(operation: ShardedOperation): Promise<GatewayGraphQLResponse> {
    const { context } = operation;
    const headers = headersFor(context, operation.incomingHeaders);
    const logger = context.logger ?? this.options.logger;
    const kept = this.options.lastGoodAnswers;
    const post: PostToRegion = async (region, body) => {
      const url = this.options.regionUrls.get(region)!;
      const call = () =>
        postGraphQLForAnswer({
          agent: this.options.agent,
          url,
          service: `region ${region}`,
          body,
          headers,
          timeoutMs: this.options.timeoutMs,
          signal: context.signal,
        });
      const dataVersion = kept?.dataVersion();
      const key =
        kept && dataVersion !== undefined
          ? kept.answers.keyOf(`${this.options.subgraphName} ${region}`, body, dataVersion)
          : undefined;
      try {
        const circuit = this.options.circuits?.for(region);
        const answer = circuit ? await circuit.run(call, outcomeOfSubgraphError) : await call();
        // Every region bounds the cache policy; a failed one is not cached, since its error stays in the response.
        operation.restrictCachePolicy(answer.cacheControl);
        if (key !== undefined && answer.body.data && !answer.body.errors?.length)
          kept!.answers.remember(key, answer.body);
        return { body: answer.body, cacheControl: answer.cacheControl };
      } catch (error) {
        // The client's error names the region; the address and the low-level cause go to the log only.
        if (error instanceof SubgraphHttpError) {
          const level = error.reason === 'ABORTED' ? 'debug' : 'warn';
          logger[level](
            { subgraph: this.options.subgraphName, region, url, reason: error.reason, detail: error.detail },
            `region request failed: ${error.message}`,
          );
        } else if (error instanceof CircuitOpenError) {
          logger.debug(
            { subgraph: this.options.subgraphName, region, circuit: 'open' },
            `region request refused: ${error.message}`,
          );
        }
        // A cancelled operation says nothing about the region: its cells stay null, never stale.
        const servesStale =
          key !== undefined && (error instanceof CircuitOpenError || outcomeOfSubgraphError(error) === 'failure');
        const last = servesStale ? kept!.answers.recall(key) : undefined;
        if (!last) throw error;
        // A stale answer is never written to the response cache.
        operation.restrictCachePolicy(undefined);
        return { body: staleAnswer(region, last, error), cacheControl: undefined };
      }
    };
    try {
      return (await this.answer(operation, post)) as GatewayGraphQLResponse;
    } catch (error) {
      // routeRequestByRegion does not reject; this is the last guard of "the router never throws".
      this.options.logger.error({ err: error }, 'shard router failed');
      return {
        errors: [errorBody('INTERNAL_SERVER_ERROR', 'The region router failed; see the gateway log')],
      } as GatewayGraphQLResponse;
    }
  }

  /** The request's answer, through the entity cache when it is on: `post` sends one region its part. */
  private answer(operation: ShardedOperation, post: PostToRegion): Promise<GraphQLHttpResponse> {
    const cached = this.options.entityCache;
    const { request } = operation;
    if (!cached) return this.routeByRegion(request, async (region, body) => (await post(region, body)).body);
    const audience = audienceFor(operation.context, operation.incomingHeaders);
    const lookupIn = (region: string, body: EntityRequest): EntityLookup => ({
      subgraph: this.options.subgraphName,
      scope: region,
      version: cached.regionVersion(region),
      request: body,
      audience,
      fetch: (asked) => post(region, asked),
      restrict: operation.restrictCachePolicy,
    });
    // A root field routed to one region: its answer is kept whole.
    if (!Array.isArray(request.variables?.representations))
      return this.routeByRegion(
        request,
        async (region, body) => (await cached.cache.answer(lookupIn(region, body))).body,
      );
    // Entities: every region's kept answers in one lookup, then only the missing ones routed to their regions.
    return cached.cache.answerEntities({
      subgraph: this.options.subgraphName,
      request,
      audience,
      scopeOf: (representation) => {
        const region = regionOf(representation as Record<string, unknown>, this.options.regionKey);
        if (region === undefined || !this.serves(region)) return undefined;
        const version = cached.regionVersion(region);
        return version === undefined ? undefined : { scope: region, version };
      },
      fetchMissing: (missing) =>
        this.routeByRegion(
          missing,
          async (region, body) => (await cached.cache.fetchAndKeep(lookupIn(region, body))).body,
        ),
      restrict: operation.restrictCachePolicy,
    });
  }

  private routeByRegion(request: ShardedRequest, send: SendOperation): Promise<GraphQLHttpResponse> {
    return routeRequestByRegion({
      request,
      regionKey: this.options.regionKey,
      configuredRegions: [...this.options.regionUrls.keys()],
      send,
    });
  }
}
