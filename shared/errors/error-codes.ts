import { GraphQLError } from 'graphql';

/** Every error code the graph can return, with its one-line meaning. */
export const ERROR_CODES = {
  BAD_USER_INPUT: 'An argument is invalid: an unknown region code, an impossible year, a malformed value.',
  REGION_UNAVAILABLE: 'A regional service did not answer in time or failed; its cells are null, the others are intact.',
  REGION_STALE: 'A region failed; its cells are its last known figures for this question and data version, as of extensions.asOf.',
  REGION_NOT_CONFIGURED: 'The gateway has no service address for the region a representation belongs to.',
  UNROUTABLE_OPERATION: 'An operation for the sharded subgraph carried no representations to route by region.',
  WRONG_REGION: 'A regional service was asked for an entity of another region.',
  PLAN_NOT_FOUND: 'The region has no work plan for the requested year.',
  UNAUTHENTICATED: 'The request carried no valid credentials: a JWT or API key is missing, expired, wrongly signed or revoked.',
  FORBIDDEN: 'The caller is known but lacks the role this gateway requires (analyst).',
  OPERATION_LIMIT_EXCEEDED: 'The operation is over a limit (extensions.limit: depth, aliases, tokens, rootFields, directives or cost; value and max); nothing was run.',
  OPERATION_TIMEOUT: 'The operation passed its deadline (OPERATION_TIMEOUT_MS); cells that had not arrived are null, the others are intact.',
  RATE_LIMITED: "The caller's budget for this minute is spent (HTTP 429); extensions.retryAfterSeconds says when to try again.",
  BAD_REQUEST: 'The HTTP request is malformed: a body that is not JSON, too large, or in an unsupported encoding.',
  TOO_MANY_REPRESENTATIONS: 'An `_entities` request carried more representations than a subgraph accepts (MAX_REPRESENTATIONS).',
  DATABASE_UNAVAILABLE: "A subgraph cannot reach its database (HTTP 503); the gateway reports it as REGION_UNAVAILABLE or SUBGRAPH_UNAVAILABLE.",
  SUBGRAPH_UNAVAILABLE: 'An unsharded subgraph (e.g. national) did not answer in time or failed; the fields it serves are null.',
  OPERATION_ABORTED: 'The operation was cancelled (the client left or its deadline passed) before a subgraph answered.',
  INTERNAL_SERVER_ERROR: 'An unexpected failure; details are in the logs under the request id.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function graphQLError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export function badUserInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return graphQLError('BAD_USER_INPUT', message, extensions);
}
