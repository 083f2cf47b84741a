import type { ApolloServer } from '@apollo/server';
import type { Logger } from '../shared/logging/logger.ts';
import { ANONYMOUS, type Identity } from './auth/identity.ts';
import type { GatewayContext } from './logging/request-logging.ts';

export interface ExecutionResult {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }>;
}

/** Runs a GraphQL operation through the gateway in-process, as a client request would run (plans, routing, errors). */
export type ExecuteGraphQL = (request: {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  requestId: string;
  /** The caller of the HTTP request this operation serves (an export); limits and the cache key follow it. */
  identity?: Identity;
  /** Aborted when that caller leaves. */
  signal?: AbortSignal;
}) => Promise<ExecutionResult>;

export function createGraphQLExecutor(server: ApolloServer<GatewayContext>, logger: Logger): ExecuteGraphQL {
  return async ({ query, variables, operationName, requestId, identity = ANONYMOUS, signal = new AbortController().signal }) => {
    const contextValue = { requestId, logger: logger.child({ requestId }), identity, signal };
    const response = await server.executeOperation({ query, variables, operationName }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not used by the gateway');
    return response.body.singleResult as ExecutionResult;
  };
}
