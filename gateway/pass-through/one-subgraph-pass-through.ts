import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import { GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../logging/request-logging.ts';
import { REGION_ARGUMENT } from '../shard-router/route-root-fields-by-region.ts';
import type { ShardRouterDataSource } from '../shard-router/shard-router-data-source.ts';
import { cacheHintOf } from '../subgraph-http/cache-hint.ts';
import { readSupergraph, subgraphsAnsweringOperation } from '../supergraph/subgraphs-answering-alone.ts';

/** Operations judged so far (query text and operation name → the sharded subgraph that answers it, or null). */
const JUDGED_LIMIT = 1_000;

/** Every root field names its region (`plan(region: …)`) and carries no directive; the document has one operation. */
function routedByRegionAlone(operation: OperationDefinitionNode, operationCount: number): boolean {
  if (operationCount !== 1 || operation.operation !== 'query') return false;
  return operation.selectionSet.selections.every(
    (selection) =>
      selection.kind === Kind.FIELD &&
      !selection.directives?.length &&
      (selection.name.value === '__typename' ||
        selection.arguments?.some((argument) => argument.name.value === REGION_ARGUMENT)),
  );
}

/**
 * Apollo's gateway with one shortcut. A query that one sharded subgraph answers alone (every field resolved there,
 * every type, fragment condition and variable type defined there, every root field routed by its `region`
 * argument, e.g. `plan(region, year) { … }`) needs no query plan and no reshaping: it goes to that subgraph's shard
 * router as the client wrote it (circuits, entity cache, stale answers and all), and the region's answer is the
 * result. Apollo's gateway would plan it into the same one fetch, then walk the whole answer again to shape it;
 * for a full plan that walk was most of the gateway's own CPU. It runs where the gateway's executor runs: after
 * admission, rate limits and the response cache, with the errors going through the same hooks and formatting.
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
  const judged = new Map<string, string | null>();

  const judge = (context: GatewayGraphQLRequestContext): string | null => {
    const key = `${context.operationName ?? ''}\n${context.source}`;
    const known = judged.get(key);
    if (known !== undefined) return known;
    const operations = context.document.definitions.filter(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION,
    );
    let subgraph: string | null = null;
    if (routedByRegionAlone(context.operation, operations.length)) {
      try {
        subgraph =
          subgraphsAnsweringOperation(supergraph, context.document, context.operationName).find((name) =>
            options.sharded.has(name),
          ) ?? null;
      } catch {
        // A field or fragment the reading does not follow: the gateway plans it as any other operation.
        subgraph = null;
      }
    }
    if (judged.size >= JUDGED_LIMIT) judged.clear();
    judged.set(key, subgraph);
    return subgraph;
  };

  const passThrough =
    (planned: GatewayExecutor): GatewayExecutor =>
    async (context) => {
      const subgraph = judge(context);
      const router = subgraph === null ? undefined : options.sharded.get(subgraph);
      if (!router) return planned(context);
      const answer = await router.route({
        request: {
          query: context.source,
          operationName: context.operationName ?? undefined,
          variables: context.request.variables ?? {},
        },
        context: context.context as GatewayContext,
        incomingHeaders: context.request.http?.headers,
        restrictCachePolicy: (cacheControl) => context.overallCachePolicy.restrict(cacheHintOf(cacheControl)),
      });
      // As the planned path gives them: GraphQLErrors, which the server's hooks and formatError then see.
      const errors = answer.errors?.map(
        (error) =>
          new GraphQLError(error.message, {
            path: error.path as ReadonlyArray<string | number> | undefined,
            extensions: error.extensions,
          }),
      );
      return errors?.length ? { data: answer.data, errors } : { data: answer.data };
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
