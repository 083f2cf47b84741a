import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayGraphQLResponse,
  GatewayInterface,
} from '@apollo/server-gateway-interface';
import { GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import { graphQLError } from '../../shared/errors/error-codes.ts';
import type { GatewayContext } from '../logging/request-logging.ts';
import type { ShardedRequest } from '../shard-router/route-request-by-region.ts';
import { REGION_ARGUMENT } from '../shard-router/route-root-fields-by-region.ts';
import type { ShardRouterDataSource } from '../shard-router/shard-router-data-source.ts';
import { cacheHintOf } from '../subgraph-http/cache-hint.ts';
import {
  clientAnswerOf,
  mergedClientAnswer,
  type RegionEntityFetch,
  regionEntityFetchesOf,
  regionEntityRequest,
} from './region-entity-fetch.ts';
import { readSupergraph, subgraphsAnsweringOperation } from '../supergraph/subgraphs-answering-alone.ts';

/** Operations judged so far (query text and operation name → its shortcut, or null). */
const JUDGED_LIMIT = 1_000;

/** Every root field names its region (`plan(region: …)`) and carries no directive. */
function routedByRegionAlone(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every(
    (selection) =>
      selection.kind === Kind.FIELD &&
      !selection.directives?.length &&
      (selection.name.value === '__typename' ||
        selection.arguments?.some((argument) => argument.name.value === REGION_ARGUMENT)),
  );
}

/** The region's answer as the planned path gives it: GraphQLErrors, which the server's hooks and formatError see. */
function executionResultOf(answer: GatewayGraphQLResponse): GatewayExecutionResult {
  const errors = answer.errors?.map(
    (error) =>
      new GraphQLError(error.message, {
        path: error.path as ReadonlyArray<string | number> | undefined,
        extensions: error.extensions,
      }),
  );
  return errors?.length ? { data: answer.data, errors } : { data: answer.data };
}

/**
 * What the pass-through does with one operation (judged once per operation text): send it as written to the
 * sharded subgraph that answers it alone, ask `region(code) { … }` as that region's entity fetch, or leave it
 * to Apollo's query plan (null).
 */
type Shortcut = { subgraph: string } | { fetches: RegionEntityFetch[] } | null;

/**
 * Apollo's gateway with two shortcuts for questions one region answers alone.
 *
 * - A query that one sharded subgraph answers alone (every field resolved there, every type, fragment condition
 *   and variable type defined there, every root field routed by its `region` argument, e.g.
 *   `plan(region, year) { … }`) needs no query plan and no reshaping: it goes to that subgraph's shard router as
 *   the client wrote it (circuits, entity cache, stale answers and all), and the region's answer is the result.
 *   Apollo's gateway would plan it into the same one fetch, then walk the whole answer again to shape it; for a
 *   full plan that walk was most of the gateway's own CPU.
 * - `region(code) { … }` whose fields the sharded subgraph resolves (`region(code: "VI") { plan(year: 2021) { … } }`)
 *   is asked as that region's entity fetch: one request to the region, where Apollo's plan asks national for the
 *   region (which gives back only the code the client wrote) and then the region, in sequence. A code that is no
 *   configured region goes the planned way, so that national's error for it is the answer.
 *
 * Both run where the gateway's executor runs: after admission, rate limits and the response cache, with the
 * errors going through the same hooks and formatting.
 */
export function withOneSubgraphPassThrough(
  gateway: GatewayInterface,
  options: {
    supergraphSdl: string;
    /** Sharded subgraph name → its shard router, filled as the gateway builds its data sources. */
    sharded: ReadonlyMap<string, ShardRouterDataSource>;
  },
): GatewayInterface {
  const supergraph = readSupergraph(options.supergraphSdl);
  const judged = new Map<string, Shortcut>();
  const isSharded = (subgraph: string) => options.sharded.has(subgraph);

  const judge = (context: GatewayGraphQLRequestContext): Shortcut => {
    const key = `${context.operationName ?? ''}\n${context.source}`;
    const known = judged.get(key);
    if (known !== undefined) return known;
    const operations = context.document.definitions.filter(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION,
    );
    let shortcut: Shortcut = null;
    if (operations.length === 1 && context.operation.operation === 'query') {
      try {
        shortcut = asWritten(context) ?? regionEntity(context);
      } catch {
        // A field or fragment the reading does not follow: the gateway plans it as any other operation.
        shortcut = null;
      }
    }
    if (judged.size >= JUDGED_LIMIT) judged.clear();
    judged.set(key, shortcut);
    return shortcut;
  };
  const asWritten = (context: GatewayGraphQLRequestContext): Shortcut => {
    if (!routedByRegionAlone(context.operation)) return null;
    const subgraph = subgraphsAnsweringOperation(supergraph, context.document, context.operationName).find(isSharded);
    return subgraph === undefined ? null : { subgraph };
  };
  const regionEntity = (context: GatewayGraphQLRequestContext): Shortcut => {
    const fetches = regionEntityFetchesOf(supergraph, context.document, context.operation, isSharded);
    return fetches ? { fetches } : null;
  };

  const passThrough =
    (planned: GatewayExecutor): GatewayExecutor =>
    async (context) => {
      if (!context.operation) throw operationNotFound(context);
      const shortcut = judge(context);
      if (!shortcut) return planned(context);
      const variables = context.request.variables ?? {};
      const route = (router: ShardRouterDataSource, request: ShardedRequest) =>
        router.route({
          request,
          context: context.context as GatewayContext,
          incomingHeaders: context.request.http?.headers,
          restrictCachePolicy: (cacheControl) => context.overallCachePolicy.restrict(cacheHintOf(cacheControl)),
        });
      if ('subgraph' in shortcut) {
        const request = { query: context.source, operationName: context.operationName ?? undefined, variables };
        return executionResultOf(await route(options.sharded.get(shortcut.subgraph)!, request));
      }
      const asked = shortcut.fetches.map((fetch) => {
        const router = options.sharded.get(fetch.subgraph)!;
        const entity = regionEntityRequest(fetch, variables, (region) => router.serves(region));
        return entity && { fetch, router, ...entity };
      });
      // A code that is no configured region: national's error for it is the answer, as planned.
      if (!asked.every((entity) => entity !== undefined)) return planned(context);
      const answers = await Promise.all(
        asked.map(async ({ fetch, router, region, request }) =>
          clientAnswerOf(fetch, region, await route(router, request)),
        ),
      );
      return executionResultOf(mergedClientAnswer(answers));
    };

  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(loadOptions) {
      const loaded = await gateway.load(loadOptions);
      return { ...loaded, executor: loaded.executor && passThrough(loaded.executor) };
    },
  };
}

/**
 * A document without the operation the request names (an IDE that sends the previous tab's name with this tab's
 * query), refused 400 as Apollo Server refuses it without a gateway (OPERATION_RESOLUTION_FAILURE, graphql-js's
 * words). Apollo's gateway threw the same words from its executor, which Apollo Server answers 500, and the
 * shortcut above read the missing operation first (a TypeError, 500).
 */
function operationNotFound(context: GatewayGraphQLRequestContext): GraphQLError {
  const name = context.request.operationName;
  const message = name
    ? `Unknown operation named "${name}".`
    : 'Must provide operation name if query contains multiple operations.';
  return graphQLError('OPERATION_RESOLUTION_FAILURE', message, { http: { status: 400 } });
}
