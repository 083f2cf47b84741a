import { setMaxListeners } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { graphQLError, type ErrorCode } from '../../shared/errors/error-codes.ts';

const TIMEOUT_CODE: ErrorCode = 'OPERATION_TIMEOUT';
import type { GatewayContext } from '../logging/request-logging.ts';
import { abortWhenConnectionCloses } from '../../shared/http/request-abort-signal.ts';
import { releasableTimeout } from './releasable-timeout.ts';

/**
 * The signal of one operation: aborted when its client leaves or its deadline passes, whichever comes first.
 * Once the answer is sent (or the connection is gone) nothing more can start for it, so its timer goes then.
 */
export function operationSignal(timeoutMs: number, req?: IncomingMessage, res?: ServerResponse): AbortSignal {
  if (!req || !res) return listenedToByEveryCall(releasableTimeout(timeoutMs).signal);
  const deadline = releasableTimeout(timeoutMs, [abortWhenConnectionCloses(req, res)]);
  res.once('close', deadline.release);
  return listenedToByEveryCall(deadline.signal);
}

/**
 * Every subgraph call listens to the operation's signal until its answer is read, and a comparison over 14 regions
 * makes more calls than node's ten listeners: each goes with its call, so node's leak warning would be a false
 * alarm in the log. Once per operation: setMaxListeners costs about 5 µs, too much for every call's own signal.
 */
function listenedToByEveryCall(signal: AbortSignal): AbortSignal {
  setMaxListeners(0, signal);
  return signal;
}

const passedDeadline = (signal: AbortSignal) =>
  signal.aborted && (signal.reason as Error | undefined)?.name === 'TimeoutError';

/** A subgraph call cut short by the operation's signal says so with reason ABORTED (gateway/subgraph-http). */
const wasCutShort = (error: GraphQLFormattedError) => error.extensions?.reason === 'ABORTED';

/**
 * Past its deadline an operation answers with what arrived: the cells whose calls were cut short are null
 * with OPERATION_TIMEOUT instead of looking like a region that is down, and one error says the deadline passed.
 */
export function operationDeadline(timeoutMs: number): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (!passedDeadline(contextValue.signal) || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const errors = (result.errors ?? []).map((error) =>
            wasCutShort(error) ? { ...error, extensions: { ...error.extensions, code: TIMEOUT_CODE } } : error,
          );
          const timeout = graphQLError(
            'OPERATION_TIMEOUT',
            `The operation passed its deadline of ${timeoutMs} ms; the fields that had not arrived are null`,
            { timeoutMs },
          );
          result.errors = [...errors, { message: timeout.message, extensions: timeout.extensions }];
        },
      };
    },
  };
}
