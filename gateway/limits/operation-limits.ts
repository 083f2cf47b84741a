import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  type GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { GraphQLArmorCallbackConfiguration } from '@escape.tech/graphql-armor-types';
import { graphQLError } from '../../shared/errors/error-codes.ts';
import { priceOperation, type PricingFacts } from './operation-cost.ts';

/** What one operation may be; over any of them it is refused before a subgraph is called. */
export interface OperationLimits {
  depth: number;
  aliases: number;
  rootFields: number;
  tokens: number;
  directives: number;
  /** The price of the objects it can return, comparisons by their cells (operation-cost.ts). */
  cost: number;
}

export type LimitName = keyof OperationLimits;

/**
 * Room for every example of the README and the IDE, a comparison over all 14 regions and every year, the
 * exports (the indicator export asks 14 comparisons in one operation) and the benchmark; the fan-out
 * benchmark at 200 shards raises `cost` itself.
 */
export const DEFAULT_OPERATION_LIMITS: Readonly<OperationLimits> = Object.freeze({
  depth: 12,
  aliases: 30,
  rootFields: 20,
  tokens: 2_000,
  directives: 20,
  cost: 50_000,
});

const LIMIT_LABELS: Record<LimitName, string> = {
  depth: 'nesting depth',
  aliases: 'aliases',
  rootFields: 'root fields',
  tokens: 'tokens',
  directives: 'directives',
  cost: 'cost (objects it can return, comparisons by their cells)',
};

export function operationLimitExceeded(limit: LimitName, value: number | null, max: number): GraphQLError {
  const found = value === null ? 'more' : String(value);
  return graphQLError(
    'OPERATION_LIMIT_EXCEEDED',
    `The operation exceeds the limit on ${LIMIT_LABELS[limit]}: ${found} against at most ${max}; nothing was run`,
    {
      limit,
      value,
      max,
      http: { status: 400 },
    },
  );
}

type ArmorRule = (options: { n: number } & GraphQLArmorCallbackConfiguration) => (context: ValidationContext) => object;

/** graphql-armor's rules report "… exceeded, found N."; the count is what the client needs to fix its query. */
function armorRule(limit: LimitName, max: number, rule: ArmorRule, found: Map<LimitName, number>): ValidationRule {
  const counted = rule({
    n: max,
    propagateOnRejection: false,
    onReject: [(_context, error) => found.set(limit, Number(/found (\d+)/.exec(error.message)?.[1] ?? max + 1))],
  });
  // Armor types its visitors as their own classes; each is an ASTVisitor, which is what validate() runs.
  return counted as ValidationRule;
}

/**
 * Depth, aliases and directives, counted by graphql-armor's rules (fragments followed; introspection's depth not
 * counted).
 */
function checkShape(schema: GraphQLSchema, document: DocumentNode, limits: OperationLimits): void {
  for (const [limit, value] of shapeFindings(schema, document, limits)) {
    throw operationLimitExceeded(limit, value, limits[limit]);
  }
}

/**
 * The shape depends on the document, the schema and the limits only, and Apollo Server hands every request with
 * the same text the same parsed document (its document store): so each text is walked once per schema, not once
 * per request. Weak keys: a document the store evicts, or the schema of a replaced supergraph, is collected.
 */
const shapeFindingsMemo = new WeakMap<
  OperationLimits,
  WeakMap<GraphQLSchema, WeakMap<DocumentNode, ReadonlyMap<LimitName, number>>>
>();

function shapeFindings(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: OperationLimits,
): ReadonlyMap<LimitName, number> {
  const bySchema = entryOf(shapeFindingsMemo, limits, () => new WeakMap());
  const byDocument = entryOf(bySchema, schema, () => new WeakMap());
  return entryOf(byDocument, document, () => walkShape(schema, document, limits));
}

function entryOf<Key extends object, Value>(map: WeakMap<Key, Value>, key: Key, make: () => Value): Value {
  const known = map.get(key);
  if (known !== undefined) return known;
  const made = make();
  map.set(key, made);
  return made;
}

function walkShape(schema: GraphQLSchema, document: DocumentNode, limits: OperationLimits): Map<LimitName, number> {
  const found = new Map<LimitName, number>();
  validate(schema, document, [
    armorRule('depth', limits.depth, maxDepthRule, found),
    armorRule('aliases', limits.aliases, maxAliasesRule, found),
    armorRule('directives', limits.directives, maxDirectivesRule, found),
  ]);
  return found;
}

/** Root fields of the operation, fragments at the root included. */
function countRootFields(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): number {
  let count = 0;
  const pending = [...operation.selectionSet.selections];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const selection = pending.pop()!;
    if (selection.kind === Kind.FIELD) count += 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) pending.push(...selection.selectionSet.selections);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      pending.push(...(fragments.get(selection.name.value)?.selectionSet.selections ?? []));
    }
  }
  return count;
}

/**
 * Checks a parsed and validated operation against the limits and returns its price; throws
 * OPERATION_LIMIT_EXCEEDED naming the first limit it is over. Tokens are limited earlier, by the parser.
 */
export function admitOperation(options: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  limits: OperationLimits;
  facts: PricingFacts;
}): number {
  const { schema, document, operation, limits } = options;
  checkShape(schema, document, limits);
  const fragments = entryOf(fragmentsMemo, document, () => fragmentsOf(document));
  const rootFields = countRootFields(operation, fragments);
  if (rootFields > limits.rootFields) throw operationLimitExceeded('rootFields', rootFields, limits.rootFields);
  const cost = priceOf(options, fragments);
  if (cost > limits.cost) throw operationLimitExceeded('cost', cost, limits.cost);
  return cost;
}

const fragmentsMemo = new WeakMap<DocumentNode, ReadonlyMap<string, FragmentDefinitionNode>>();

function fragmentsOf(document: DocumentNode): ReadonlyMap<string, FragmentDefinitionNode> {
  return new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
}

/**
 * Prices kept per operation, for the facts and schema they were priced with, when no variable entered them: the
 * same parsed operation (Apollo's document store) then costs a lookup. A plan's price walks every field of the
 * plan: about 8 µs warm, and 65 µs a request in a gateway asked a few times a second (docs/performance.md).
 */
const pricesMemo = new WeakMap<PricingFacts, WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, number>>>();

function priceOf(
  options: Parameters<typeof admitOperation>[0],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): number {
  const { schema, operation, facts } = options;
  const prices = entryOf(
    entryOf(pricesMemo, facts, () => new WeakMap()),
    schema,
    () => new WeakMap(),
  );
  const known = prices.get(operation);
  if (known !== undefined) return known;
  const rootType =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!rootType) return 0;
  const { cost, dependsOnVariables } = priceOperation({
    schema,
    selectionSet: operation.selectionSet,
    rootType,
    fragments,
    variables: options.variables,
    facts,
  });
  if (!dependsOnVariables) prices.set(operation, cost);
  return cost;
}

/** Tokens of a document, counted to the end (only for the error of a document the parser gave up on). */
export function countTokens(query: string): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch {
    // A lexical error ends the count; the document is refused either way.
  }
  return count;
}

/** The message graphql-js's parser ends with when a document has more than `maxTokens` tokens. */
export const isTokenLimitError = (message: string) => /Document contains more that? \d+ tokens/.test(message);
