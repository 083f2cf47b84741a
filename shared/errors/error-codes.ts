import { GraphQLError } from 'graphql';

/** Every error code the graph can return, with its one-line meaning. */
export const ERROR_CODES = {
  BAD_USER_INPUT: 'An argument is invalid: an unknown region code, an impossible year, a malformed value.',
  REGION_UNAVAILABLE: 'A regional service did not answer in time or failed; its cells are null, the others are intact.',
  REGION_NOT_CONFIGURED: 'The gateway has no service address for the region a representation belongs to.',
  UNROUTABLE_OPERATION: 'An operation for the sharded subgraph carried no representations to route by region.',
  WRONG_REGION: 'A regional service was asked for an entity of another region.',
  PLAN_NOT_FOUND: 'The region has no work plan for the requested year.',
  UNAUTHENTICATED: 'The request carried no valid credentials: a JWT or API key is missing, expired, wrongly signed or revoked.',
  FORBIDDEN: 'The caller is known but lacks the role this gateway requires (analyst).',
  INTERNAL_SERVER_ERROR: 'An unexpected failure; details are in the logs under the request id.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function graphQLError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export function badUserInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return graphQLError('BAD_USER_INPUT', message, extensions);
}
