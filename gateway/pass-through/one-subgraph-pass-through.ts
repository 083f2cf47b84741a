import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { sanitiseClientError } from '../client-errors/format-client-error.ts';
import type { ShardRouterDataSource } from '../shard-router/shard-router-data-source.ts';
import { cacheHintOf } from '../subgraph-http/cache-hint.ts';
import type { GatewayContext } from '../logging/request-logging.ts';
import { REGION_ARGUMENT } from '../shard-router/route-root-fields-by-region.ts';
import { readSupergraph, subgraphsAnsweringOperation } from '../supergraph/subgraphs-answering-alone.ts';

/** Operations judged so far (query text and operation name → the sharded subgraph that answers it, or null). */
const JUDGED_LIMIT = 1_000;

/** Every root field names its region (`plan(region: …)`), carries no directive, and the document one operation. */
function routedByRegionAlone(operation: OperationDefinitionNode, operationCount: number): boolean {
  if (operationCount !== 1) return false;
  return operation.selectionSet.selections.every(
    (selection) =>
      selection.kind === Kind.FIELD &&
      !selection.directives?.length &&
      (selection.name.value === '__typename' ||
        selection.arguments?.some((argument) => argument.name.value === REGION_ARGUMENT)),
  );
}

/**
 * A query that one sharded subgraph answers alone (every field resolved there, every type defined there, every root
 * field routed by its `region` argument, e.g. `plan(region, year) { … }`) needs no query plan and no reshaping:
 * the gateway sends the client's operation as it is through that subgraph's shard router (circuits, entity cache,
 * stale answers and all) and returns the region's answer. Apollo's gateway would plan it into the same one fetch,
 * then walk the whole answer again to shape it; for a full plan that walk was most of the gateway's own CPU.
 * Runs after admission, rate limits and the response cache, which are plugins before it.
 */
export function oneSubgraphPassThrough(options: {
  supergraphSdl: string;
  /** Sharded subgraph name → its data source (the shard router). */
  sharded: () => ReadonlyMap<string, ShardRouterDataSource>;
}): ApolloServerPlugin<GatewayContext> {
  const supergraph = readSupergraph(options.supergraphSdl);
  const judged = new Map<string, string | null>();

  const judge = (context: GraphQLRequestContext<GatewayContext>): string | null => {
    const key = `${context.operationName ?? ''}\n${context.source}`;
    const known = judged.get(key);
    if (known !== undefined) return known;
    const operations = context.document!.definitions.filter(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION,
    );
    let subgraph: string | null = null;
    if (context.operation && routedByRegionAlone(context.operation, operations.length)) {
      try {
        const sharded = options.sharded();
        subgraph =
          subgraphsAnsweringOperation(supergraph, context.document!, context.operationName).find((name) =>
            sharded.has(name),
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

  return {
    async requestDidStart() {
      return {
        async responseForOperation(context) {
          if (context.operation?.operation !== 'query' || !context.source || !context.document) return null;
          const subgraph = judge(context);
          const dataSource = subgraph === null ? undefined : options.sharded().get(subgraph);
          if (!dataSource) return null;
          const answer = await dataSource.route({
            request: {
              query: context.source,
              operationName: context.operationName ?? undefined,
              variables: context.request.variables ?? {},
            },
            context: context.contextValue,
            incomingHeaders: context.request.http?.headers,
            restrictCachePolicy: (cacheControl) => context.overallCachePolicy.restrict(cacheHintOf(cacheControl)),
          });
          const errors = answer.errors?.map((error) => sanitiseClientError(error));
          return {
            http: context.response.http,
            body: {
              kind: 'single',
              singleResult: errors?.length ? { data: answer.data, errors } : { data: answer.data },
            },
          };
        },
      };
    },
  };
}
