import type { ApolloServer } from '@apollo/server';
import type { Request, Response } from 'express';
import type { Logger } from '../shared/logging/logger.ts';
import { identityOf } from './auth/authenticate.ts';
import { operationSignal } from './deadline/operation-deadline.ts';
import type { GatewayContext } from './logging/request-logging.ts';

export interface ExecutionResult {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{
    message: string;
    path?: ReadonlyArray<string | number>;
    extensions?: Record<string, unknown>;
  }>;
}

export interface OperationRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  requestId: string;
  /**
   * The HTTP request the operation serves (an export): its authenticated caller, its address and its
   * departure govern the operation as they would a POST /graphql (limits, rate budget, cache key, deadline).
   */
  http: { req: Request; res: Response };
}

/** Runs a GraphQL operation through the gateway in-process, as a client request would run (plans, routing, errors). */
export type ExecuteGraphQL = (request: OperationRequest) => Promise<ExecutionResult>;

/** ExecuteGraphQL bound to the HTTP request it serves: what an export view is given. */
export type ExecuteForCaller = (request: Omit<OperationRequest, 'http'>) => Promise<ExecutionResult>;

export function createGraphQLExecutor(
  server: ApolloServer<GatewayContext>,
  logger: Logger,
  options: { operationTimeoutMs: number },
): ExecuteGraphQL {
  return async ({ query, variables, operationName, requestId, http }) => {
    const contextValue: GatewayContext = {
      requestId,
      logger: logger.child({ requestId }),
      identity: identityOf(http.res),
      signal: operationSignal(options.operationTimeoutMs, http.req, http.res),
      clientAddress: http.req.ip ?? http.req.socket.remoteAddress,
    };
    const response = await server.executeOperation({ query, variables, operationName }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not used by the gateway');
    return response.body.singleResult as ExecutionResult;
  };
}
