import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import {
  Kind,
  type GraphQLFormattedError,
  print,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
  type VariableNode,
} from 'graphql';
import { normaliseRegionCode } from '../../shared/regions/region-codes.ts';
import type { ShardedRequest } from '../shard-router/route-request-by-region.ts';
import { usedBy } from '../shard-router/route-root-fields-by-region.ts';
import { type JoinedSupergraph, subgraphsAnsweringSelection } from '../supergraph/subgraphs-answering-alone.ts';

/** National's lookup of one region, `region(code: "VI")`, and the entity type it returns. */
const REGION_FIELD = 'region';
const CODE_ARGUMENT = 'code';
const REGION_TYPE = 'Region';
/** Region's key field: the one field of a region whose service failed that the answer still knows. */
const KEY_FIELD = 'code';
/** The variable the shard router reads an entity fetch's representations from, as Apollo's query plans name it. */
const REPRESENTATIONS = 'representations';

/**
 * `region(code) { … }` asked as the region's own entity fetch: what a root field of the operation becomes once
 * the region's code is known.
 */
export interface RegionEntityFetch {
  /** The sharded subgraph that resolves every field under `region(code)`. */
  subgraph: string;
  /** The root field's response key (`medan` in `medan: region(code: "VI") { … }`). */
  responseKey: string;
  /** `_entities(representations: $representations) { ... on Region { <the client's selection> } }`, printed. */
  query: string;
  operationName: string | undefined;
  /** The code as the client wrote it, or the variable that holds it. */
  code: { literal: string } | { variable: string };
  /** The client's variables the entity fetch uses. */
  variableNames: ReadonlySet<string>;
  /** The fields directly under `region(code)`, by response key: what a region that failed answers for each. */
  fields: ReadonlyArray<{ responseKey: string; name: string }>;
}

const fragmentsOf = (document: DocumentNode) =>
  new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );

/** A plain root field `region(code: …) { … }`: no directive, no other argument, the code written or a variable. */
function isRegionLookup(selection: SelectionNode): selection is FieldNode {
  if (selection.kind !== Kind.FIELD || selection.name.value !== REGION_FIELD) return false;
  if (selection.directives?.length || !selection.selectionSet) return false;
  const [argument, ...more] = selection.arguments ?? [];
  if (more.length || argument?.name.value !== CODE_ARGUMENT) return false;
  return argument.value.kind === Kind.STRING || argument.value.kind === Kind.VARIABLE;
}

/** The fields a selection set selects at its own level, through inline fragments and fragment spreads. */
function fieldsAtLevel(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): Array<{ responseKey: string; name: string }> {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD)
      return [{ responseKey: selection.alias?.value ?? selection.name.value, name: selection.name.value }];
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
    return fragment ? fieldsAtLevel(fragment.selectionSet, fragments) : [];
  });
}

/** `query Name($representations: [_Any!]!, …) { _entities(representations: $representations) { ... on Region { … } } }` */
function entityFetchDocument(
  operation: OperationDefinitionNode,
  selectionSet: SelectionSetNode,
  variables: readonly VariableDefinitionNode[],
  fragments: readonly FragmentDefinitionNode[],
): DocumentNode {
  const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
  const representations = { kind: Kind.VARIABLE, name: name(REPRESENTATIONS) } as const;
  const anyList = {
    kind: Kind.NON_NULL_TYPE,
    type: {
      kind: Kind.LIST_TYPE,
      type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: name('_Any') } },
    },
  } as const;
  const entities: FieldNode = {
    kind: Kind.FIELD,
    name: name('_entities'),
    arguments: [{ kind: Kind.ARGUMENT, name: name(REPRESENTATIONS), value: representations }],
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [
        {
          kind: Kind.INLINE_FRAGMENT,
          typeCondition: { kind: Kind.NAMED_TYPE, name: name(REGION_TYPE) },
          selectionSet,
        },
      ],
    },
  };
  return {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: operation.operation,
        name: operation.name,
        variableDefinitions: [
          { kind: Kind.VARIABLE_DEFINITION, variable: representations, type: anyList },
          ...variables,
        ],
        selectionSet: { kind: Kind.SELECTION_SET, selections: [entities] },
      },
      ...fragments,
    ],
  };
}

/**
 * Whether every root field of the operation is `region(code) { … }` with every field under it resolved by a
 * sharded subgraph (`medan: region(code: "VI") { plan(year: 2021) { … } } pekanbaru: region(code: "XII") { … }`),
 * and if so, one entity fetch per field, each asking its region alone. National's part of the planned answer
 * would only be each region's code, which the client gave; Apollo's plan asks national first, then the regions:
 * requests in sequence.
 */
export function regionEntityFetchesOf(
  supergraph: JoinedSupergraph,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  isSharded: (subgraph: string) => boolean,
): RegionEntityFetch[] | undefined {
  const fields = operation.selectionSet.selections;
  if (operation.directives?.length || !fields.every(isRegionLookup)) return undefined;
  if (supergraph.types.get('Query')?.fields.get(REGION_FIELD)?.type !== REGION_TYPE) return undefined;
  const variableDefinitions = operation.variableDefinitions ?? [];
  if (variableDefinitions.some((definition) => definition.variable.name.value === REPRESENTATIONS)) return undefined;
  // Two fields under one response key are merged into one by GraphQL; the planned path does that.
  const responseKeys = new Set(fields.map((field) => field.alias?.value ?? field.name.value));
  if (responseKeys.size !== fields.length) return undefined;
  const fetches = fields.map((field) => entityFetchOf(field, supergraph, document, operation, isSharded));
  return fetches.every((fetch) => fetch !== undefined) ? fetches : undefined;
}

function entityFetchOf(
  field: FieldNode,
  supergraph: JoinedSupergraph,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  isSharded: (subgraph: string) => boolean,
): RegionEntityFetch | undefined {
  const selectionSet = field.selectionSet!;
  const fragments = fragmentsOf(document);
  const used = usedBy(selectionSet.selections, fragments);
  const variables = (operation.variableDefinitions ?? []).filter((definition) =>
    used.variableNames.has(definition.variable.name.value),
  );
  const subgraph = subgraphsAnsweringSelection(supergraph, document, {
    typeName: REGION_TYPE,
    selectionSet,
    variableTypes: variables.map((definition) => definition.type),
  }).find(isSharded);
  if (subgraph === undefined) return undefined;
  const code = field.arguments![0]!.value;
  const query = print(
    entityFetchDocument(
      operation,
      selectionSet,
      variables,
      [...used.fragmentNames].map((fragmentName) => fragments.get(fragmentName)!),
    ),
  );
  return {
    subgraph,
    responseKey: field.alias?.value ?? field.name.value,
    query,
    operationName: operation.name?.value,
    code: code.kind === Kind.STRING ? { literal: code.value } : { variable: (code as VariableNode).name.value },
    variableNames: used.variableNames,
    fields: fieldsAtLevel(selectionSet, fragments),
  };
}

/**
 * The entity fetch for this request's region, or undefined when the code is not one of the configured regions:
 * national then answers it as the planned operation does (an unknown code is its BAD_USER_INPUT error).
 */
export function regionEntityRequest(
  fetch: RegionEntityFetch,
  variables: Record<string, unknown>,
  isConfigured: (region: string) => boolean,
): { region: string; request: ShardedRequest } | undefined {
  const written = 'literal' in fetch.code ? fetch.code.literal : variables[fetch.code.variable];
  if (typeof written !== 'string') return undefined;
  const region = normaliseRegionCode(written);
  if (!isConfigured(region)) return undefined;
  const used = Object.entries(variables).filter(([name]) => fetch.variableNames.has(name));
  return {
    region,
    request: {
      query: fetch.query,
      operationName: fetch.operationName,
      variables: { [REPRESENTATIONS]: [{ __typename: REGION_TYPE, code: region }], ...Object.fromEntries(used) },
    },
  };
}

/** An error at `_entities.0.…` is at `<responseKey>.…` in the client's answer. */
function errorInClientAnswer(error: GraphQLFormattedError, responseKey: string): GraphQLFormattedError {
  const path = error.path;
  if (path?.[0] !== '_entities') return error;
  return { ...error, path: [responseKey, ...path.slice(2)] };
}

/**
 * The region's entity answer as the answer to `region(code) { … }`. A region that did not answer gives, as
 * Apollo's plan gives it, the region with its code and every field of the region's own null, and the region's
 * error (REGION_UNAVAILABLE, REGION_STALE, …).
 */
export function clientAnswerOf(
  fetch: RegionEntityFetch,
  region: string,
  answer: GatewayGraphQLResponse,
): GatewayGraphQLResponse {
  const entities = answer.data?._entities;
  const entity = Array.isArray(entities) ? (entities[0] as Record<string, unknown> | null | undefined) : undefined;
  const unanswered = () =>
    Object.fromEntries(
      fetch.fields.map(({ responseKey, name }) => [
        responseKey,
        name === KEY_FIELD ? region : name === '__typename' ? REGION_TYPE : null,
      ]),
    );
  const data = { [fetch.responseKey]: entity ?? unanswered() };
  const errors = answer.errors?.map((error) => errorInClientAnswer(error, fetch.responseKey));
  return errors?.length ? { data, errors } : { data };
}

/** The answers of the operation's root fields, each its own region's, as one answer in the operation's order. */
export function mergedClientAnswer(answers: readonly GatewayGraphQLResponse[]): GatewayGraphQLResponse {
  const data = Object.assign({}, ...answers.map((answer) => answer.data)) as Record<string, unknown>;
  const errors = answers.flatMap((answer) => answer.errors ?? []);
  return errors.length ? { data, errors } : { data };
}
