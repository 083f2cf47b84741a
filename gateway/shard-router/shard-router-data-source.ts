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
import {
  errorAt,
  regionOf,
  type RegionKey,
  routeEntityFetchesByRegion,
  type SendSlices,
} from './route-entities-by-region.ts';
import { ConcurrentFetches, GatheredRequests } from './concurrent-fetches.ts';
import { CoalescedRegionRequests } from './coalesced-region-requests.ts';
import { countCoalescedRequests } from '../observability/subgraph-calls.ts';
import { canMergeEntityFetches, mergeEntityFetches, splitMergedAnswer } from './merged-entity-fetches.ts';
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
  /**
   * `_entities` requests of one kind in flight to one region before the next ones of that kind wait and are
   * coalesced across operations (coalesced-region-requests.ts); 0 or undefined: none waits.
   */
  requestsInFlightPerRegion?: number;
  /** How long, at most, the waiting ones wait one more round trip of their region (coalesced-region-requests.ts). */
  requestsLingerLimitMs?: number;
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

/**
 * Merging saves a region the overhead of a request, which is nothing beside the work of a large one; above this
 * many representations each fetch goes alone, so that a merged request never nears a subgraph's cap
 * (MAX_REPRESENTATIONS, 5,000 by default) when its parts would stay under it. The same cap holds for requests of
 * several operations coalesced.
 */
const MAX_MERGED_REPRESENTATIONS = 1_000;

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
  /** The `_entities` fetches of one operation's query plan that run side by side, sent to each region together. */
  private readonly concurrentFetches = new ConcurrentFetches<ShardedOperation, GatewayGraphQLResponse>((operations) =>
    this.routeConcurrent(operations),
  );

  /** Requests of different operations to one busy region, sent as one. */
  private readonly regionRequests: CoalescedRegionRequests;

  constructor(private readonly options: ShardRouterOptions) {
    const regionsByUrl = new Map([...options.regionUrls].map(([region, url]) => [url, region]));
    this.regionRequests = new CoalescedRegionRequests({
      inFlightPerRegion: options.requestsInFlightPerRegion ?? 0,
      lingerLimitMs: options.requestsLingerLimitMs,
      maxRepresentations: MAX_MERGED_REPRESENTATIONS,
      send: postGraphQLForAnswer,
      onCoalesced: (url, riders) => countCoalescedRequests(options.subgraphName, regionsByUrl.get(url) ?? '', riders),
    });
  }

  /** Whether a service is configured for `region` (a normalised code). */
  serves(region: string): boolean {
    return this.options.regionUrls.has(region);
  }

  process(processOptions: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    if (processOptions.kind !== 'incoming operation') return this.route(this.operationOf(processOptions));
    const operation = this.operationOf(processOptions);
    if (!Array.isArray(operation.request.variables?.representations)) return this.route(operation);
    // The request context is the operation's own: fetches of two operations never share a request.
    return this.concurrentFetches.join(processOptions.incomingRequestContext, operation);
  }

  private operationOf(processOptions: GraphQLDataSourceProcessOptions): ShardedOperation {
    const incoming = processOptions.kind === 'incoming operation';
    return {
      request: processOptions.request as ShardedRequest,
      context: incoming ? (processOptions.context as Partial<GatewayContext>) : {},
      incomingHeaders: incoming ? processOptions.incomingRequestContext.request.http?.headers : undefined,
      restrictCachePolicy: (cacheControl) => restrictCachePolicy(processOptions, cacheControl),
    };
  }

  /** Routes one request of the query plan, or a client's operation the sharded subgraph answers alone. */
  route(operation: ShardedOperation): Promise<GatewayGraphQLResponse> {
    return this.neverRejecting(() => this.answer(operation, this.postFor(operation)));
  }

  /** routeEntityFetchesByRegion does not reject; this is the last guard of "the router never throws". */
  private async neverRejecting(answer: () => Promise<GraphQLHttpResponse>): Promise<GatewayGraphQLResponse> {
    try {
      return (await answer()) as GatewayGraphQLResponse;
    } catch (error) {
      this.options.logger.error({ err: error }, 'shard router failed');
      return {
        errors: [errorBody('INTERNAL_SERVER_ERROR', 'The region router failed; see the gateway log')],
      } as GatewayGraphQLResponse;
    }
  }

  /** How one operation's requests reach a region: through its circuit, a failed one's last good answer marked stale. */
  private postFor(operation: ShardedOperation): PostToRegion {
    const { context } = operation;
    const headers = headersFor(context, operation.incomingHeaders);
    const logger = context.logger ?? this.options.logger;
    const kept = this.options.lastGoodAnswers;
    return async (region, body) => {
      const url = this.options.regionUrls.get(region)!;
      const call = () =>
        this.regionRequests.post({
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
  }

  /** The request's answer, through the entity cache when it is on: `post` sends one region its part. */
  private answer(operation: ShardedOperation, post: PostToRegion): Promise<GraphQLHttpResponse> {
    const cached = this.options.entityCache;
    const { request } = operation;
    if (!cached) return this.routeByRegion(request, async (region, body) => (await post(region, body)).body);
    // A root field routed to one region: its answer is kept whole.
    if (!Array.isArray(request.variables?.representations))
      return this.routeByRegion(
        request,
        async (region, body) => (await cached.cache.answer(this.lookupIn(operation, region, body, post))).body,
      );
    return this.entitiesThroughCache(operation, (missing) =>
      this.routeByRegion(
        missing,
        async (region, body) => (await cached.cache.fetchAndKeep(this.lookupIn(operation, region, body, post))).body,
      ),
    );
  }

  /** Every region's kept answers in one lookup; `fetchMissing` routes the representations not found to their regions. */
  private entitiesThroughCache(
    operation: ShardedOperation,
    fetchMissing: (missing: EntityRequest) => Promise<GraphQLHttpResponse>,
  ): Promise<GraphQLHttpResponse> {
    const cached = this.options.entityCache!;
    return cached.cache.answerEntities({
      subgraph: this.options.subgraphName,
      request: operation.request,
      audience: audienceFor(operation.context, operation.incomingHeaders),
      scopeOf: (representation) => {
        const region = regionOf(representation as Record<string, unknown>, this.options.regionKey);
        if (region === undefined || !this.serves(region)) return undefined;
        const version = cached.regionVersion(region);
        return version === undefined ? undefined : { scope: region, version };
      },
      fetchMissing,
      restrict: operation.restrictCachePolicy,
    });
  }

  /** One region's entry of the entity cache for `body`, fetched through `fetch` when it is missing. */
  private lookupIn(
    operation: ShardedOperation,
    region: string,
    body: EntityRequest,
    post: PostToRegion,
    fetch: EntityLookup['fetch'] = (asked) => post(region, asked),
  ): EntityLookup {
    const cached = this.options.entityCache!;
    return {
      subgraph: this.options.subgraphName,
      scope: region,
      version: cached.regionVersion(region),
      request: body,
      audience: audienceFor(operation.context, operation.incomingHeaders),
      fetch,
      restrict: operation.restrictCachePolicy,
    };
  }

  /** Fetches that met (ConcurrentFetches): together when their selections can share one request per region. */
  private routeConcurrent(operations: ShardedOperation[]): Array<Promise<GatewayGraphQLResponse>> {
    if (!canMergeEntityFetches(operations.map(({ request }) => request)))
      return operations.map((operation) => this.route(operation));
    // One operation's fetches: one context, one caller, the same headers and cache policy.
    const post = this.postFor(operations[0]!);
    const cached = this.options.entityCache;
    const gathered = new GatheredRequests<EntityRequest, GraphQLHttpResponse>(operations.length, (fetches, requests) =>
      this.routeFetchesTogether(
        fetches.map((fetch) => operations[fetch]!),
        requests,
        post,
      ),
    );
    return operations.map((operation, fetch) =>
      this.neverRejecting(() => {
        const submit = (request: EntityRequest) => gathered.submit(fetch, request);
        const answer = cached ? this.entitiesThroughCache(operation, submit) : submit(operation.request);
        return answer.finally(() => gathered.withdraw(fetch));
      }),
    );
  }

  /** One request to `region` for all these bodies, and one answer per body, each with the request's cache-control. */
  private mergedFetches(
    region: string,
    bodies: EntityRequest[],
    post: PostToRegion,
  ): Array<() => Promise<RegionAnswer>> {
    const sizes = bodies.map((body) => (body.variables!.representations as unknown[]).length);
    const answers = post(region, mergeEntityFetches(bodies)).then(({ body, cacheControl }) =>
      splitMergedAnswer(body, sizes).map((part) => ({ body: part, cacheControl })),
    );
    return bodies.map((_, member) => () => answers.then((parts) => parts[member]!));
  }

  /**
   * Several `_entities` requests of one operation, each region asked for its part of all of them in one request
   * (merged-entity-fetches.ts); with the entity cache on, each fetch's entities are kept under its own selection.
   */
  private routeFetchesTogether(
    operations: ShardedOperation[],
    requests: EntityRequest[],
    post: PostToRegion,
  ): Promise<GraphQLHttpResponse[]> {
    const cached = this.options.entityCache;
    const sendSlices: SendSlices = (region, slices) => {
      const bodies = slices.map(({ fetch, representations }) => withRepresentations(requests[fetch]!, representations));
      const representations = slices.reduce((sum, slice) => sum + slice.representations.length, 0);
      const fetches =
        bodies.length > 1 && representations <= MAX_MERGED_REPRESENTATIONS
          ? this.mergedFetches(region, bodies, post)
          : bodies.map((body) => () => post(region, body));
      return slices.map(async ({ fetch }, member) => {
        const answer = cached
          ? await cached.cache.fetchAndKeep(
              this.lookupIn(operations[fetch]!, region, bodies[member]!, post, fetches[member]),
            )
          : await fetches[member]!();
        return answer.body;
      });
    };
    return routeEntityFetchesByRegion({
      fetches: requests.map((request) => request.variables!.representations as Record<string, unknown>[]),
      key: this.options.regionKey,
      configuredRegions: [...this.options.regionUrls.keys()],
      send: sendSlices,
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

/** The request with only these representations. */
function withRepresentations(request: EntityRequest, representations: unknown[]): EntityRequest {
  return {
    query: request.query,
    operationName: request.operationName,
    variables: Object.assign({}, request.variables, { representations }),
  };
}
