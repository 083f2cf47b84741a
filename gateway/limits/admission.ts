import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../logging/request-logging.ts';
import type { CallerRateLimiter } from '../rate-limit/caller-rate-limit.ts';
import type { PricingFacts } from './operation-cost.ts';
import {
  admitOperation,
  countTokens,
  isTokenLimitError,
  operationLimitExceeded,
  type OperationLimits,
} from './operation-limits.ts';

/**
 * Admission of every operation before a subgraph is called: the limits and the price (operation-limits.ts),
 * then the caller's rate budget, charged by that price. Runs after parsing and validation, before the
 * response cache and the query plan.
 */
export function admission(options: {
  limits: OperationLimits;
  facts: () => PricingFacts;
  rateLimiter?: CallerRateLimiter;
}): ApolloServerPlugin<GatewayContext> {
  const admit = async ({
    schema,
    document,
    operation,
    request,
    contextValue,
  }: GraphQLRequestContextDidResolveOperation<GatewayContext>) => {
    if (!operation) return;
    const cost = admitOperation({
      schema,
      document,
      operation,
      variables: request.variables ?? {},
      limits: options.limits,
      facts: options.facts(),
    });
    contextValue.cost = cost;
    await options.rateLimiter?.charge(
      { identity: contextValue.identity, clientAddress: contextValue.clientAddress ?? 'unknown' },
      cost,
    );
  };
  return {
    async requestDidStart() {
      return {
        didResolveOperation: admit,
        async didEncounterErrors({ source, errors }) {
          // The parser gives up at the token limit without saying how many there were; count them for the error.
          const tokenError = errors.find((error) => isTokenLimitError(error.message));
          if (tokenError && source !== undefined) tokensOfRefusedDocument.set(tokenError, countTokens(source));
        },
      };
    },
  };
}

const tokensOfRefusedDocument = new WeakMap<GraphQLError, number>();

/** graphql-js's parse error at `maxTokens` as the OPERATION_LIMIT_EXCEEDED error of the other limits. */
export function tokenLimitErrorOf(
  formatted: GraphQLFormattedError,
  error: unknown,
  limits: OperationLimits,
): GraphQLFormattedError | undefined {
  if (!isTokenLimitError(formatted.message)) return undefined;
  const refused = operationLimitExceeded(
    'tokens',
    tokensOfRefusedDocument.get(error as GraphQLError) ?? null,
    limits.tokens,
  );
  const { http: _http, ...extensions } = refused.extensions;
  return { message: refused.message, extensions };
}
