import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type RequestHandler } from 'express';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Logger } from '../logging/logger.ts';

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

/**
 * Unknown errors reach the client as INTERNAL_SERVER_ERROR without internals; errors that carry a code
 * from the registry (user input, routing) pass as they are.
 */
export function maskInternalErrors(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    if (code === 'INTERNAL_SERVER_ERROR' && !String(formatted.message).startsWith('Unexpected error')) {
      logger.error({ err: error, path: formatted.path }, 'unexpected error while resolving');
    }
    return { message: 'Unexpected error; see the server log', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

export async function createGraphQLMiddleware<Context extends BaseContext>(options: {
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
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), ...(options.plugins ?? [])],
    formatError: maskInternalErrors(options.logger),
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
