import { LocalGraphQLDataSource, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { execute, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GraphQLHttpResponse } from '../gateway/subgraph-http/post-graphql.ts';
import { CoalescedRegionRequests } from '../gateway/shard-router/coalesced-region-requests.ts';
import { routeRequestByRegion, type ShardedRequest } from '../gateway/shard-router/route-request-by-region.ts';
import { DEFAULT_REGION_KEY } from '../shared/federation/subgraph-list.ts';
import { maskInternalErrors } from '../shared/http/graphql-middleware.ts';

/**
 * Parses and validates each operation text once, as Apollo Server's document store does in the HTTP
 * services, so that the monolith pays no parse or validation the services do not pay either.
 */
export class OperationExecutor {
  private readonly documents = new Map<string, DocumentNode | GraphQLHttpResponse>();

  constructor(private readonly schema: GraphQLSchema) {}

  async execute(
    query: string,
    variables: Record<string, unknown> | undefined,
    operationName: string | undefined,
    contextValue: unknown,
  ): Promise<GraphQLHttpResponse> {
    let document = this.documents.get(query);
    if (!document) {
      const parsed = parse(query);
      const errors = validate(this.schema, parsed, specifiedRules);
      document = errors.length
        ? { errors: errors.map((error) => maskInternalErrors(error.toJSON())) as GraphQLHttpResponse['errors'] }
        : parsed;
      this.documents.set(query, document);
    }
    if (!('kind' in document)) return document;
    const result = await execute({
      schema: this.schema,
      document,
      variableValues: variables,
      operationName,
      contextValue,
    });
    const errors = result.errors?.map((error) => maskInternalErrors(error.toJSON())) as GraphQLHttpResponse['errors'];
    return errors?.length
      ? { data: result.data as GraphQLHttpResponse['data'], errors }
      : { data: result.data as GraphQLHttpResponse['data'] };
  }
}

/**
 * The national subgraph inside the gateway's process: Apollo's LocalGraphQLDataSource, with the national
 * service's own context (database and per-request loaders) created for each fetch, as its HTTP server does.
 */
export class InProcessSubgraphDataSource extends LocalGraphQLDataSource {
  private readonly executor: OperationExecutor;

  constructor(
    schema: GraphQLSchema,
    private readonly createContext: () => unknown,
  ) {
    super(schema);
    this.executor = new OperationExecutor(schema);
  }

  override async process({ request }: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    return (await this.executor.execute(
      request.query!,
      request.variables,
      request.operationName,
      this.createContext(),
    )) as GatewayGraphQLResponse;
  }
}

/**
 * The sharded regional subgraph inside the gateway's process: the gateway's own router (entities by their
 * region key, root fields by their `region` argument) splits each request by region, and each region's part
 * runs against that region's schema and context, no HTTP.
 */
export class InProcessRegionRouterDataSource implements GraphQLDataSource {
  private readonly executor: OperationExecutor;
  /** With `requestsInFlightPerRegion`, each region's parts of several operations coalesced as the gateway does. */
  private readonly regionRequests: CoalescedRegionRequests<InProcessRequest> | undefined;

  constructor(
    schema: GraphQLSchema,
    private readonly createContextFor: ReadonlyMap<string, () => unknown>,
    {
      requestsInFlightPerRegion = 0,
      lingerLimitMs = 0,
    }: { requestsInFlightPerRegion?: number; lingerLimitMs?: number } = {},
  ) {
    this.executor = new OperationExecutor(schema);
    this.regionRequests =
      requestsInFlightPerRegion > 0
        ? new CoalescedRegionRequests<InProcessRequest>({
            inFlightPerRegion: requestsInFlightPerRegion,
            lingerLimitMs,
            maxRepresentations: 1_000,
            send: async ({ url, body }) => ({ body: await this.executeIn(url, body), cacheControl: undefined }),
          })
        : undefined;
  }

  async process({ request }: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    return (await routeRequestByRegion({
      request: { query: request.query!, operationName: request.operationName, variables: request.variables },
      regionKey: DEFAULT_REGION_KEY,
      configuredRegions: [...this.createContextFor.keys()],
      send: async (region, operation) =>
        this.regionRequests
          ? (
              await this.regionRequests.post({ url: region, body: operation, headers: {} })
            ).body
          : this.executeIn(region, operation),
    })) as GatewayGraphQLResponse;
  }

  private executeIn(region: string, operation: ShardedRequest): Promise<GraphQLHttpResponse> {
    return this.executor.execute(
      operation.query,
      operation.variables,
      operation.operationName,
      this.createContextFor.get(region)!(),
    );
  }
}

/** A region's part of an operation, in process: the region's code where the gateway has its URL. */
interface InProcessRequest {
  url: string;
  body: ShardedRequest;
  headers: Record<string, string>;
}
