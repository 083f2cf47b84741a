import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError, GraphQLSchema, ValidationRule } from 'graphql';
import type { Logger } from '../logging/logger.ts';
import { createGraphQLRequestHandler, type DirectPath, type NodeRequestHandler } from './graphql-request-handler.ts';
import { abortWhenConnectionCloses } from './request-abort-signal.ts';
import { requestIdOf } from './request-id.ts';
import { subgraphAuthentication, type AuthenticatedCaller } from './subgraph-authentication.ts';
import { armorFor, DEFAULT_SUBGRAPH_LIMITS, representationsCap, type SubgraphLimits } from './subgraph-limits.ts';
import { argumentHygiene } from '../graphql/argument-hygiene.ts';
import { answeredOperationRecorder, subgraphObservability } from '../observability/subgraph-observability.ts';
import { databaseUnavailableStatus } from './database-unavailable-status.ts';
import { cacheableAnswer, fixedCacheControl } from './fixed-cache-control.ts';
import { errorBody } from '../errors/error-codes.ts';
import { checkLiterals, checkVariables } from '../graphql/argument-hygiene.ts';
import { countRepresentations } from './subgraph-limits.ts';
import { createDirectExecution, stringifyAnswer } from './direct-execution.ts';

export { requestIdOf };

const SUBGRAPH_CACHE_MAX_AGE_SECONDS = 300;
const SUBGRAPH_MAX_ARGUMENT_LENGTH = 16_384;

export interface GraphQLMiddleware {
  /**
   * The GraphQL endpoint on node:http (signature, body, Apollo, JSON errors): what `createServiceListener`
   * calls for POST /graphql; express can mount it as it is.
   */
  handle: NodeRequestHandler;
  /** `handle` as a handler list, for `app.use(path, ...handler)` in an express app of one's own. */
  handler: NodeRequestHandler[];
  stop(): Promise<void>;
}

/** What a subgraph knows of one request when it builds the request's context. */
export interface SubgraphRequest {
  requestId: string;
  /** The per-request child logger: carries the request id and the caller. */
  logger: Logger;
  /** Who asked, from the gateway's signed headers (unsigned without SUBGRAPH_SECRET). */
  caller: AuthenticatedCaller;
  /** Aborts when the connection closes before the answer was sent; loaders start no new query after that. */
  signal: AbortSignal;
}

const hasRegisteredCode = (error: { extensions?: Record<string, unknown> }) => {
  const code = error.extensions?.code;
  return typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR';
};

/** Unknown errors reach the client as INTERNAL_SERVER_ERROR without internals; registered codes pass as they are. */
export function maskInternalErrors(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (hasRegisteredCode(formatted)) return formatted;
  return {
    ...errorBody('INTERNAL_SERVER_ERROR', 'Unexpected error; see the server log under this request id'),
    path: formatted.path,
  };
}

function observabilityLabelsOf(logger: Logger): { service: string; region: string } {
  const { service, region } = logger.bindings() as { service?: unknown; region?: unknown };
  return {
    service: typeof service === 'string' ? service : 'subgraph',
    region: typeof region === 'string' ? region : '',
  };
}

/** Logs each unexpected error once, with the request's logger (and so its request id). */
function logUnexpectedErrors<Context extends { logger: Logger }>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (!hasRegisteredCode(error))
              contextValue.logger.error(
                { err: error.originalError ?? error, path: error.path },
                'unexpected error while resolving',
              );
          }
        },
      };
    },
  };
}

const HYGIENE = { maxLength: SUBGRAPH_MAX_ARGUMENT_LENGTH };

/** The direct path, with the rules and per-request checks of the Apollo Server it stands in front of. */
function directPathOf<Context>(settings: {
  schema: GraphQLSchema;
  limits: SubgraphLimits;
  validationRules: ValidationRule[];
  introspection: boolean;
  observed: { service: string; region: string };
}): DirectPath<Context> {
  return {
    execution: createDirectExecution<Context>({
      schema: settings.schema,
      validationRules: settings.validationRules,
      maxTokens: settings.limits.maxTokens,
      introspection: settings.introspection,
      admitsDocument: (document) => {
        checkLiterals(document, HYGIENE.maxLength);
        return true;
      },
      admitsRequest: (document, variables) => {
        checkVariables(variables ?? {}, HYGIENE);
        return countRepresentations(document, variables) <= settings.limits.maxRepresentations;
      },
    }),
    cacheControl: cacheableAnswer(SUBGRAPH_CACHE_MAX_AGE_SECONDS),
    record: answeredOperationRecorder(settings.observed),
  };
}

/**
 * A subgraph's GraphQL handler. With `subgraphSecret`, a request is refused (401 UNAUTHENTICATED) unless
 * the gateway signed it: headers and freshness before the body is read, the HMAC and the replay guard on
 * the raw body before it is parsed. `limits` cap representations, depth and tokens before anything runs.
 * A request that executes cleanly is answered on the direct path (`direct-execution.ts`), with the same
 * rules, checks, metrics and headers as Apollo Server's pipeline below, which answers everything else.
 */
export async function createGraphQLMiddleware<Context extends BaseContext & { logger: Logger }>(options: {
  schema: GraphQLSchema;
  logger: Logger;
  createContext: (request: SubgraphRequest) => Context;
  /** Plugins of the caller's own; the direct path cannot run them, so it is off when any is given. */
  plugins?: ApolloServerPlugin<Context>[];
  /** SUBGRAPH_SECRET; unset, unsigned requests are accepted (development on loopback). */
  subgraphSecret?: string | undefined;
  limits?: SubgraphLimits;
  /** False: every request through Apollo Server's pipeline (the test that holds both paths to one answer). */
  directPath?: boolean;
}): Promise<GraphQLMiddleware> {
  const limits = options.limits ?? DEFAULT_SUBGRAPH_LIMITS;
  const armor = armorFor<Context>(limits);
  const observed = observabilityLabelsOf(options.logger);
  // Apollo Server's own default, stated so that the direct path refuses introspection exactly when Apollo does.
  const introspection = process.env.NODE_ENV !== 'production';
  const server = new ApolloServer<Context>({
    schema: options.schema,
    introspection,
    includeStacktraceInErrorResponses: false,
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    // The same bytes as the direct path's answers: JSON in ASCII.
    stringifyResult: stringifyAnswer,
    // The process that mounts the handler owns shutdown; fourteen servers must not each trap SIGTERM.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // The cache-control header bounds how long the gateway may cache a response built from this answer;
      // imports invalidate that cache through the national data version, so a long bound is safe.
      // Without resolving a hint per field: see fixed-cache-control.ts.
      ApolloServerPluginCacheControlDisabled(),
      fixedCacheControl<Context>(SUBGRAPH_CACHE_MAX_AGE_SECONDS),
      logUnexpectedErrors<Context>(),
      // Metrics and a span per operation, labelled by the service and region the logger names ("regional-VI", "VI").
      subgraphObservability<Context>(observed),
      databaseUnavailableStatus<Context>(),
      representationsCap<Context>(limits.maxRepresentations),
      // No control character reaches SQL (a NUL is PostgreSQL error 22021); representations carry the
      // national comparison ids, which name every region asked, hence the longer cap than the gateway's.
      argumentHygiene<Context>(HYGIENE),
      ...armor.plugins,
      ...(options.plugins ?? []),
    ],
    formatError: maskInternalErrors,
  });
  await server.start();
  const direct =
    options.directPath === false || options.plugins?.length
      ? undefined
      : directPathOf<Context>({
          schema: options.schema,
          limits,
          validationRules: armor.validationRules,
          introspection,
          observed,
        });
  const handle = createGraphQLRequestHandler<Context>({
    server,
    authentication: subgraphAuthentication(options.subgraphSecret),
    logger: options.logger,
    createContext: async (req, res, caller) => {
      const requestId = requestIdOf(req.headers);
      const logger = options.logger.child({ requestId, caller: caller.subject });
      logger.debug({ roles: caller.roles, signed: caller.signed }, 'subgraph request');
      return options.createContext({ requestId, logger, caller, signal: abortWhenConnectionCloses(req, res) });
    },
    direct,
  });
  return { handle, handler: [handle], stop: () => server.stop() };
}
