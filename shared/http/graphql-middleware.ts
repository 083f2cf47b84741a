import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type RequestHandler } from 'express';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Logger } from '../logging/logger.ts';

const SUBGRAPH_CACHE_MAX_AGE_SECONDS = 300;

export interface GraphQLMiddleware {
  /** express.json() + Apollo, ready to mount at a path. */
  handler: RequestHandler[];
  stop(): Promise<void>;
}

/** Client-chosen or new: carried in every log line and forwarded to subgraphs as x-request-id. */
export function requestIdOf(headers: Record<string, string | string[] | undefined>): string {
  const header = headers['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : randomUUID();
}

const hasRegisteredCode = (error: { extensions?: Record<string, unknown> }) => {
  const code = error.extensions?.code;
  return typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR';
};

/** Unknown errors reach the client as INTERNAL_SERVER_ERROR without internals; registered codes pass as they are. */
export function maskInternalErrors(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (hasRegisteredCode(formatted)) return formatted;
  return { message: 'Unexpected error; see the server log under this request id', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** Logs each unexpected error once, with the request's logger (and so its request id). */
function logUnexpectedErrors<Context extends { logger: Logger }>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (!hasRegisteredCode(error)) contextValue.logger.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error while resolving');
          }
        },
      };
    },
  };
}

export async function createGraphQLMiddleware<Context extends BaseContext & { logger: Logger }>(options: {
  schema: GraphQLSchema;
  logger: Logger;
  createContext: (requestId: string, logger: Logger) => Context;
  plugins?: ApolloServerPlugin<Context>[];
}): Promise<GraphQLMiddleware> {
  const server = new ApolloServer<Context>({
    schema: options.schema,
    includeStacktraceInErrorResponses: false,
    // The process that mounts the handler owns shutdown; fourteen servers must not each trap SIGTERM.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // The cache-control header bounds how long the gateway may cache a response built from this answer;
      // imports invalidate that cache through the national data version, so a long bound is safe.
      ApolloServerPluginCacheControl({ defaultMaxAge: SUBGRAPH_CACHE_MAX_AGE_SECONDS }),
      logUnexpectedErrors<Context>(),
      ...(options.plugins ?? []),
    ],
    formatError: maskInternalErrors,
  });
  await server.start();
  const apollo = expressMiddleware(server, {
    context: async ({ req }) => {
      const requestId = requestIdOf(req.headers);
      return options.createContext(requestId, options.logger.child({ requestId }));
    },
  });
  return { handler: [express.json({ limit: '2mb' }), apollo], stop: () => server.stop() };
}
