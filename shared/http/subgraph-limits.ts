import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { Kind, visit, type DocumentNode, type ValidationRule } from 'graphql';
import { readPositiveInteger } from '../config/environment.ts';
import { graphQLError } from '../errors/error-codes.ts';

/**
 * What one request to a subgraph may cost, so that a request that gets past the signature (or a deployment
 * without one) cannot cost gigabytes: only the gateway calls subgraphs, and these sit far above what it sends.
 */
export interface SubgraphLimits {
  /**
   * Representations in one `_entities` request. The gateway sends a region only that region's cells: a
   * compareIndicator over every year is 7 per region (six years and the one before), the indicator export
   * 14 indicators × 7 = 98, the budget export 12 RO codes × 7 + 7 region-years = 91, S5 2 per shard; even
   * 30 aliased budget comparisons stay near 2,600. National gets one wrapper per comparison, and the
   * indicators of every plan's targets (14 × 7 plans × 14 offices ≈ 1,400; with S5's 186 one-year synthetic
   * shards ≈ 4,000). Each representation can bring back a whole plan, so the cap bounds the answer too.
   */
  maxRepresentations: number;
  /**
   * Field depth of an operation (fragments flattened). The gateway's subgraph queries are the client's depth plus
   * `_entities`.
   */
  maxDepth: number;
  /** Lexical tokens of an operation's text, counted while parsing, so that a huge document stops early. */
  maxTokens: number;
}

export const DEFAULT_SUBGRAPH_LIMITS: Readonly<SubgraphLimits> = Object.freeze({
  maxRepresentations: 5_000,
  maxDepth: 16,
  maxTokens: 20_000,
});

/** MAX_REPRESENTATIONS, SUBGRAPH_MAX_DEPTH, SUBGRAPH_MAX_TOKENS; unset, the defaults. */
export function readSubgraphLimits(env: NodeJS.ProcessEnv): Readonly<SubgraphLimits> {
  return Object.freeze({
    maxRepresentations: readPositiveInteger(env, 'MAX_REPRESENTATIONS', DEFAULT_SUBGRAPH_LIMITS.maxRepresentations),
    maxDepth: readPositiveInteger(env, 'SUBGRAPH_MAX_DEPTH', DEFAULT_SUBGRAPH_LIMITS.maxDepth),
    maxTokens: readPositiveInteger(env, 'SUBGRAPH_MAX_TOKENS', DEFAULT_SUBGRAPH_LIMITS.maxTokens),
  });
}

/** The representations an operation's `_entities` fields carry, literal or in variables. */
export function countRepresentations(document: DocumentNode, variables: Record<string, unknown> | undefined): number {
  let count = 0;
  visit(document, {
    Field(node) {
      if (node.name.value !== '_entities') return;
      const argument = node.arguments?.find((candidate) => candidate.name.value === 'representations');
      if (!argument) return;
      if (argument.value.kind === Kind.LIST) count += argument.value.values.length;
      else if (argument.value.kind === Kind.VARIABLE) {
        const value = variables?.[argument.value.name.value];
        count += Array.isArray(value) ? value.length : 1;
      } else count += 1;
    },
  });
  return count;
}

/**
 * Refuses an `_entities` request with more than `max` representations once the operation is known and
 * before anything executes: no variable is coerced, no resolver runs, no SQL is sent.
 */
export function representationsCap<Context extends BaseContext>(max: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const count = countRepresentations(document, request.variables);
          if (count > max) {
            throw graphQLError(
              'TOO_MANY_REPRESENTATIONS',
              `At most ${max} representations are accepted in one _entities request; got ${count}`,
              {
                max,
                received: count,
                http: { status: 400 },
              },
            );
          }
        },
      };
    },
  };
}

/**
 * graphql-armor's depth limit and its field-suggestion mask ("Did you mean …" would describe the schema to
 * whoever probes it). Tokens are not armor's: its Apollo plugin parses the text a second time in
 * parsingDidStart, where any throw, a plain syntax error included, becomes HTTP 500; graphql-js's own
 * `maxTokens` parse option (Apollo's `parseOptions`) stops the one parse with a 400 GRAPHQL_PARSE_FAILED.
 * Cost, alias and directive limits stay off here: the gateway prices operations as a whole, and the token
 * limit already bounds how many aliases or directives a text can hold.
 */
export function armorFor<Context extends BaseContext>(
  limits: SubgraphLimits,
): { plugins: ApolloServerPlugin<Context>[]; validationRules: ValidationRule[] } {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: true },
    costLimit: { enabled: false },
    maxAliases: { enabled: false },
    maxDirectives: { enabled: false },
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins: plugins as ApolloServerPlugin<Context>[], validationRules };
}
