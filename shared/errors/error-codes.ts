import { GraphQLError } from 'graphql';

/** One error code: what it means, the HTTP status of an answer it refuses alone, and the extensions it carries. */
export interface ErrorCodeEntry {
  meaning: string;
  /** The status when the error is the whole answer; absent where it comes beside data (HTTP 200). */
  httpStatus?: number;
  /** Extensions beside `code`, each with what it says. */
  extensions?: Readonly<Record<string, string>>;
  /** Set by Apollo Server or GraphQL itself rather than by this code base. */
  raisedBy?: 'Apollo Server';
}

/**
 * Every error code the graph returns (gateway, subgraphs, exports): the registry `docs/errors.md` is
 * generated from (`npm run docs:errors`). Errors are made with `graphQLError` / `errorBody`, never by hand.
 */
export const ERROR_CODES = {
  BAD_USER_INPUT: {
    meaning:
      'An argument is invalid: an unknown region code or province, an impossible year, a malformed or oversized value.',
    httpStatus: 400,
    extensions: {
      argument: 'the argument at fault, where known',
      known: 'the accepted values, where a list is short enough (e.g. provinces)',
    },
  },
  REGION_UNAVAILABLE: {
    meaning: 'A regional service did not answer in time or failed; its cells are null, the others are intact.',
    extensions: {
      region: 'the region code',
      reason: 'TIMEOUT, CONNECTION, HTTP_STATUS, BAD_RESPONSE, DATABASE_UNAVAILABLE or CIRCUIT_OPEN',
      entries: 'how many entries were nulled',
    },
  },
  REGION_STALE: {
    meaning: 'A region failed; its cells are its last known figures for this question and data version.',
    extensions: { region: 'the region code', asOf: 'when those figures were answered (ISO 8601)' },
  },
  REGION_NOT_CONFIGURED: {
    meaning:
      'The gateway has no service address for the region a representation or root field names (or it names none).',
    extensions: { region: 'the region code, null when none was named', entries: 'how many entries were nulled' },
  },
  UNROUTABLE_OPERATION: {
    meaning:
      'A root operation of the region-sharded subgraph selects something other than plain fields (a fragment at ' +
      'the root), so it cannot be split by region.',
  },
  WRONG_REGION: {
    meaning: 'A regional service was asked for an entity of another region (a routing fault, never a client one).',
    extensions: { region: 'the region the service serves', requested: 'the region asked for' },
  },
  UNAUTHENTICATED: {
    meaning:
      'The request carried no valid credentials: a JWT or API key is missing, expired, wrongly signed or revoked.',
    httpStatus: 401,
  },
  FORBIDDEN: {
    meaning:
      'The caller is known but lacks the role this gateway requires (analyst), or asked for metrics from elsewhere.',
    httpStatus: 403,
  },
  OPERATION_LIMIT_EXCEEDED: {
    meaning: 'The operation is over a limit; nothing was run.',
    httpStatus: 400,
    extensions: {
      limit: 'depth, aliases, tokens, rootFields, directives or cost',
      value: 'what the operation asked',
      max: 'the limit',
    },
  },
  OPERATION_TIMEOUT: {
    meaning:
      'The operation passed its deadline (OPERATION_TIMEOUT_MS); cells that had not arrived are null, ' +
      'the others are intact.',
  },
  RATE_LIMITED: {
    meaning: "The caller's budget for this minute is spent.",
    httpStatus: 429,
    extensions: {
      retryAfterSeconds: 'when to try again (also the Retry-After header)',
      points: 'what the operation costs',
      budget: 'points per minute',
    },
  },
  BAD_REQUEST: {
    meaning: 'The HTTP request is malformed: a body that is not JSON, too large, or in an unsupported encoding.',
    httpStatus: 400,
  },
  TOO_MANY_REPRESENTATIONS: {
    meaning: 'An `_entities` request carried more representations than a subgraph accepts (MAX_REPRESENTATIONS).',
    httpStatus: 400,
    extensions: { max: 'the limit', received: 'how many were sent' },
  },
  DATABASE_UNAVAILABLE: {
    meaning:
      'A subgraph cannot reach its database; the gateway reports it as REGION_UNAVAILABLE or SUBGRAPH_UNAVAILABLE.',
    httpStatus: 503,
  },
  SUBGRAPH_UNAVAILABLE: {
    meaning: 'An unsharded subgraph (e.g. national) did not answer in time or failed; the fields it serves are null.',
    extensions: {
      service: 'the subgraph',
      reason: 'as for REGION_UNAVAILABLE, or CIRCUIT_OPEN',
      circuit: 'open, when the circuit refused the call at once',
    },
  },
  OPERATION_ABORTED: {
    meaning:
      'The operation was cancelled (the client left or its deadline passed) before a subgraph answered; a ' +
      'subgraph whose caller left starts no new query and gives this code for the fields it had not resolved.',
  },
  INTERNAL_SERVER_ERROR: {
    meaning: 'An unexpected failure; details are in the logs under the request id.',
    httpStatus: 500,
  },
  GRAPHQL_PARSE_FAILED: {
    meaning: 'The query is not valid GraphQL syntax.',
    httpStatus: 400,
    raisedBy: 'Apollo Server',
  },
  GRAPHQL_VALIDATION_FAILED: {
    meaning: 'The query asks for something the schema does not have, or with wrong argument types.',
    httpStatus: 400,
    raisedBy: 'Apollo Server',
  },
  OPERATION_RESOLUTION_FAILURE: {
    meaning: 'The request names an operation the document does not contain, or has several and names none.',
    httpStatus: 400,
    raisedBy: 'Apollo Server',
  },
  PERSISTED_QUERY_NOT_FOUND: {
    meaning: 'An automatic persisted query hash the gateway does not know yet; send the query with it.',
    raisedBy: 'Apollo Server',
  },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function graphQLError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export function badUserInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return graphQLError('BAD_USER_INPUT', message, extensions);
}

/** The JSON of an error for an HTTP body written by hand (`{ errors: [errorBody(…)] }`), from the registry too. */
export function errorBody(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
  return { message, extensions: { code, ...extensions } };
}

/** The codes a client's own request caused (4xx): an export answers them 400, not 502. */
export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set(
  (Object.entries(ERROR_CODES) as Array<[ErrorCode, ErrorCodeEntry]>)
    .filter(([code, entry]) => entry.httpStatus === 400 && code !== 'TOO_MANY_REPRESENTATIONS')
    .map(([code]) => code),
);
