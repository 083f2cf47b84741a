import {
  type DocumentNode,
  type FieldNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  type SelectionNode,
  type VariableDefinitionNode,
} from 'graphql';
import type { EntityRequest } from '../entity-cache/entity-cache.ts';
import { type GraphQLHttpResponse, SubgraphHttpError } from '../subgraph-http/post-graphql.ts';

type GraphQLErrorShape = NonNullable<GraphQLHttpResponse['errors']>[number];

/**
 * Several `_entities` fetches of one operation sent to a region as one request. A query plan can ask the same
 * subgraph in parallel at two paths (S3's budget cells and its region-year totals): each fetch is an
 * `_entities` query whose selection is one inline fragment per entity type. Where the fetches' types differ,
 * one query with all their fragments, given all their representations in order, answers each entity exactly as
 * its own fetch would: a representation resolves to one type, and only that type's fragment applies. So the
 * region gets one HTTP request instead of one per fetch, and any federation subgraph can answer it.
 */

/** The fragments of a fetch that can be merged: `_entities(representations: $representations)` of inline fragments. */
interface EntitiesFetchShape {
  operation: OperationDefinitionNode;
  entities: FieldNode;
  fragments: readonly SelectionNode[];
  typeNames: string[];
}

function entitiesFetchShape(document: DocumentNode): EntitiesFetchShape | undefined {
  const [operation, ...others] = document.definitions;
  if (others.length || operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query') return;
  if (operation.directives?.length) return;
  const [field, ...otherFields] = operation.selectionSet.selections;
  if (otherFields.length || field?.kind !== Kind.FIELD || field.alias || field.name.value !== '_entities') return;
  if (field.directives?.length || !field.selectionSet) return;
  const [argument, ...otherArguments] = field.arguments ?? [];
  if (otherArguments.length || argument?.name.value !== 'representations') return;
  if (argument.value.kind !== Kind.VARIABLE || argument.value.name.value !== 'representations') return;
  const typeNames: string[] = [];
  for (const selection of field.selectionSet.selections) {
    if (selection.kind !== Kind.INLINE_FRAGMENT || !selection.typeCondition || selection.directives?.length) return;
    typeNames.push(selection.typeCondition.name.value);
  }
  return { operation, entities: field, fragments: field.selectionSet.selections, typeNames };
}

/** One query with every fragment of these fetches and each fetch's fragment types, or undefined when they cannot. */
interface MergedQuery {
  query: string;
  typeNames: string[][];
}

function mergeQueries(queries: readonly string[]): MergedQuery | undefined {
  const shapes: EntitiesFetchShape[] = [];
  for (const query of queries) {
    const shape = entitiesFetchShape(parse(query, { noLocation: true }));
    if (!shape) return undefined;
    shapes.push(shape);
  }
  // Two fetches of one type would give each of its entities both selections, more than either fetch asked.
  const typeNames = shapes.flatMap((shape) => shape.typeNames);
  if (new Set(typeNames).size !== typeNames.length) return undefined;
  const variables = new Map<string, VariableDefinitionNode>();
  for (const definition of shapes.flatMap((shape) => shape.operation.variableDefinitions ?? [])) {
    const name = definition.variable.name.value;
    const known = variables.get(name);
    if (known && print(known) !== print(definition)) return undefined;
    variables.set(name, definition);
  }
  const { operation, entities } = shapes[0]!;
  const merged: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: [...variables.values()],
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [
        {
          ...entities,
          selectionSet: { kind: Kind.SELECTION_SET, selections: shapes.flatMap((shape) => shape.fragments) },
        },
      ],
    },
  };
  return {
    query: print({ kind: Kind.DOCUMENT, definitions: [merged] }),
    typeNames: shapes.map((shape) => shape.typeNames),
  };
}

/**
 * Merged query texts by the fetches' texts. A client operation's query plan is the same at every call, so the
 * fetches that meet are a handful per operation; the bound keeps a stream of distinct operations from growing it.
 */
const mergedQueries = new Map<string, MergedQuery | null>();
const MAX_MERGED_QUERIES = 1_000;

function mergedQueryOf(queries: readonly string[]): MergedQuery | undefined {
  const key = queries.join('\n\u0000\n');
  let merged = mergedQueries.get(key);
  if (merged === undefined) {
    if (mergedQueries.size >= MAX_MERGED_QUERIES) mergedQueries.clear();
    merged = mergeQueries(queries) ?? null;
    mergedQueries.set(key, merged);
  }
  return merged ?? undefined;
}

/**
 * Whether every fragment of a fetch is on the type of one of its representations. A `__typename` is always an
 * object type, so the fragments are then on object types alone, and types that differ by name cannot overlap: a
 * fragment on an interface in one fetch would also apply to the other fetch's entities of a type implementing it.
 */
function fragmentsOnRepresentedTypes(request: EntityRequest, typeNames: readonly string[]): boolean {
  const represented = new Set<unknown>();
  const representations = request.variables?.representations;
  if (!Array.isArray(representations)) return false;
  for (const representation of representations)
    represented.add((representation as { __typename?: unknown } | null)?.__typename);
  return typeNames.every((typeName) => represented.has(typeName));
}

/**
 * Whether these fetches can go to a region as one request: each an `_entities` query of inline fragments on the
 * object types it asks for, no type in two of them, the same value for each variable they share.
 */
export function canMergeEntityFetches(requests: readonly EntityRequest[]): boolean {
  if (requests.length < 2) return false;
  const merged = mergedQueryOf(requests.map((request) => request.query));
  if (!merged || !requests.every((request, index) => fragmentsOnRepresentedTypes(request, merged.typeNames[index]!)))
    return false;
  const values = new Map<string, unknown>();
  for (const request of requests) {
    for (const [name, value] of Object.entries(request.variables ?? {})) {
      if (name === 'representations') continue;
      if (values.has(name) && values.get(name) !== value) return false;
      values.set(name, value);
    }
  }
  return true;
}

/** The one request that asks a region for these fetches' representations, in the order given. */
export function mergeEntityFetches(requests: readonly EntityRequest[]): EntityRequest {
  const query = mergedQueryOf(requests.map((request) => request.query))?.query;
  if (query === undefined) throw new Error('These fetches cannot be merged: check canMergeEntityFetches first');
  const variables: Record<string, unknown> = Object.assign({}, ...requests.map((request) => request.variables));
  variables.representations = requests.flatMap((request) => request.variables!.representations as unknown[]);
  return { query, operationName: requests[0]!.operationName, variables };
}

/** Moves an error of the merged answer to the fetch its entity belongs to; one without an entity goes to each. */
function distributeError(error: GraphQLErrorShape, offsets: number[], into: GraphQLErrorShape[][]): void {
  const index = error.path?.[0] === '_entities' ? error.path[1] : undefined;
  if (typeof index !== 'number') {
    for (const errors of into) errors.push(error);
    return;
  }
  const member = offsets.findLastIndex((offset) => offset <= index);
  const local = index - offsets[member]!;
  into[member]!.push({ ...error, path: ['_entities', local, ...error.path!.slice(2)] });
}

/**
 * The merged answer split into one answer per fetch (`sizes`: each fetch's representations), in the same
 * order. An answer with errors only gives each fetch those errors; one without the right number of entities is
 * a bad response for all of them.
 */
export function splitMergedAnswer(answer: GraphQLHttpResponse, sizes: readonly number[]): GraphQLHttpResponse[] {
  const received = answer.data?._entities;
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (!Array.isArray(received) || received.length !== total) {
    if (answer.errors?.length && !answer.data) return sizes.map(() => ({ errors: answer.errors }));
    throw new SubgraphHttpError(
      `expected ${total} entities, got ${Array.isArray(received) ? received.length : 'none'}`,
      'BAD_RESPONSE',
    );
  }
  const offsets: number[] = [];
  sizes.reduce((offset, size) => {
    offsets.push(offset);
    return offset + size;
  }, 0);
  const errors: GraphQLErrorShape[][] = sizes.map(() => []);
  for (const error of answer.errors ?? []) distributeError(error, offsets, errors);
  return sizes.map((size, member) => {
    const entities = received.slice(offsets[member], offsets[member]! + size);
    return errors[member]!.length
      ? { data: { _entities: entities }, errors: errors[member] }
      : { data: { _entities: entities } };
  });
}
