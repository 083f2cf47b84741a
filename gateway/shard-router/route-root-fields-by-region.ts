import {
  Kind,
  parse,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';
import pLimit from 'p-limit';
import { graphQLError } from '../../shared/errors/error-codes.ts';
import { normaliseRegionCode } from '../../shared/regions/region-codes.ts';
import type { GraphQLHttpResponse } from '../subgraph-http/post-graphql.ts';
import { DEFAULT_MAX_CONCURRENT_REGIONS, errorAt, regionFailure } from './route-entities-by-region.ts';

type GraphQLErrorShape = NonNullable<GraphQLHttpResponse['errors']>[number];

/** The argument by which a root field of the sharded subgraph names its region: `plan(region: "VI", year: 2021)`. */
export const REGION_ARGUMENT = 'region';

/** Sends one region an operation (the original, or the part of it that is that region's). */
export type SendOperation = (
  region: string,
  operation: { query: string; operationName?: string; variables: Record<string, unknown> },
) => Promise<GraphQLHttpResponse>;

interface RootField {
  field: FieldNode;
  responseKey: string;
  /** Normalised ("vi " → "VI"), or undefined when the field names no region. */
  region: string | undefined;
}

/**
 * The gateway sends the same few operation texts over and over (one per query plan fetch), so parsing
 * each once is worth a small cache; it is emptied when full rather than tracking recency.
 */
const parsedOperations = new Map<string, DocumentNode>();
const PARSE_CACHE_LIMIT = 500;

function parseOperation(query: string): DocumentNode {
  let document = parsedOperations.get(query);
  if (!document) {
    if (parsedOperations.size >= PARSE_CACHE_LIMIT) parsedOperations.clear();
    document = parse(query, { noLocation: true });
    parsedOperations.set(query, document);
  }
  return document;
}

function regionOfField(field: FieldNode, variables: Record<string, unknown>): string | undefined {
  const argument = field.arguments?.find((candidate) => candidate.name.value === REGION_ARGUMENT);
  if (!argument) return undefined;
  const value =
    argument.value.kind === Kind.VARIABLE
      ? variables[argument.value.name.value]
      : argument.value.kind === Kind.STRING
        ? argument.value.value
        : undefined;
  return typeof value === 'string' ? normaliseRegionCode(value) : undefined;
}

/** The fragments and variables a set of selections uses, following fragment spreads. */
export function usedBy(selections: readonly SelectionNode[], fragments: ReadonlyMap<string, FragmentDefinitionNode>) {
  const fragmentNames = new Set<string>();
  const variableNames = new Set<string>();
  const pending: Array<SelectionNode | FragmentDefinitionNode> = [...selections];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      Variable: (node) => void variableNames.add(node.name.value),
      FragmentSpread: (node) => {
        const fragment = fragments.get(node.name.value);
        if (fragment && !fragmentNames.has(node.name.value)) {
          fragmentNames.add(node.name.value);
          pending.push(fragment);
        }
      },
    });
  }
  return { fragmentNames, variableNames };
}

/** The part of the operation that asks for `fields` only, with just the fragments and variables they use. */
function operationFor(
  fields: readonly FieldNode[],
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
) {
  const { fragmentNames, variableNames } = usedBy(fields, fragments);
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        ...operation,
        variableDefinitions: operation.variableDefinitions?.filter((definition) =>
          variableNames.has(definition.variable.name.value),
        ),
        selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
      },
      ...[...fragmentNames].map((name) => fragments.get(name)!),
    ],
  };
  return {
    query: print(document),
    operationName: operation.name?.value,
    variables: Object.fromEntries(Object.entries(variables).filter(([name]) => variableNames.has(name))),
  };
}

function regionUnavailable(region: string, keys: string[], cause: unknown): GraphQLErrorShape {
  return regionFailure(region, cause, `Its field${keys.length === 1 ? ' is' : 's are'} null`, [keys[0]!], keys.length);
}

function unroutable(field: RootField, configured: readonly string[]): GraphQLErrorShape {
  return errorAt(
    'REGION_NOT_CONFIGURED',
    field.region === undefined
      ? `Cannot route "${field.field.name.value}": a root field of a sharded subgraph needs a "${REGION_ARGUMENT}" ` +
          'argument naming the region'
      : `No service is configured for region "${field.region}"; configured regions: ${configured.join(', ') || 'none'}`,
    [field.responseKey],
    { region: field.region ?? null },
  );
}

/**
 * Routes a root-field operation of the sharded subgraph (e.g. `plan(region: "VI", year: 2021)`) by each
 * field's `region` argument: an operation whose fields all name one region goes to it unchanged; otherwise
 * each region gets an operation with only its fields (and the fragments and variables they use), sent
 * concurrently, and the answers are merged by response key. Never rejects: a failed or unknown region
 * nulls only its own fields, with one error each, as the entity router does.
 */
export async function routeRootFieldsByRegion(options: {
  query: string;
  operationName?: string;
  variables: Record<string, unknown>;
  configuredRegions: readonly string[];
  send: SendOperation;
  maxConcurrentRegions?: number;
}): Promise<GraphQLHttpResponse> {
  const { query, variables, configuredRegions, send } = options;
  const document = parseOperation(query);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const data: Record<string, unknown> = {};
  const errors: GraphQLErrorShape[] = [];
  const byRegion = new Map<string, RootField[]>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) {
      const { message, extensions } = graphQLError(
        'UNROUTABLE_OPERATION',
        'A root operation of a sharded subgraph must select plain fields',
      ).toJSON();
      return { errors: [{ message, extensions }] };
    }
    const responseKey = selection.alias?.value ?? selection.name.value;
    if (selection.name.value === '__typename') {
      data[responseKey] = 'Query';
      continue;
    }
    const field = { field: selection, responseKey, region: regionOfField(selection, variables) };
    if (field.region === undefined || !configuredRegions.includes(field.region)) {
      data[responseKey] = null;
      errors.push(unroutable(field, configuredRegions));
      continue;
    }
    byRegion.set(field.region, [...(byRegion.get(field.region) ?? []), field]);
  }

  const whole = byRegion.size === 1 && errors.length === 0 && Object.keys(data).length === 0;
  /** One region's fields into `data` (null where it failed, with one error), and its answer when it gave one. */
  const ask = async (region: string, fields: readonly RootField[]): Promise<GraphQLHttpResponse | undefined> => {
    const keys = fields.map((field) => field.responseKey);
    try {
      const request = whole
        ? { query, operationName: options.operationName, variables }
        : operationFor(
            fields.map((field) => field.field),
            operation,
            fragments,
            variables,
          );
      const response = await send(region, request);
      for (const key of keys) data[key] = response.data?.[key] ?? null;
      errors.push(
        ...(response.errors ?? []).map((error) => ({ ...error, extensions: { ...error.extensions, region } })),
      );
      return response;
    } catch (error) {
      for (const key of keys) data[key] = null;
      errors.push(regionUnavailable(region, keys, error));
      return undefined;
    }
  };
  if (whole) {
    const [region, fields] = byRegion.entries().next().value!;
    const response = await ask(region, fields);
    // The operation as written, answered whole by its region: the region's own `data` object is the answer, so that
    // the gateway can write it as the region sent it (verbatim-answer-text.ts).
    if (response && !response.errors?.length && hasExactlyKeys(response.data, Object.keys(data)))
      return { data: response.data };
    return errors.length ? { data, errors } : { data };
  }
  const limit = pLimit(options.maxConcurrentRegions ?? DEFAULT_MAX_CONCURRENT_REGIONS);
  await Promise.all([...byRegion].map(([region, fields]) => limit(() => ask(region, fields))));
  return errors.length ? { data, errors } : { data };
}

/** `data` is an object with these keys and no other. */
function hasExactlyKeys(data: GraphQLHttpResponse['data'], keys: readonly string[]): data is Record<string, unknown> {
  if (typeof data !== 'object' || data === null) return false;
  const own = Object.keys(data);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(data, key));
}
