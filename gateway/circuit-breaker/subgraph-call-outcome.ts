import { SubgraphHttpError } from '../subgraph-http/post-graphql.ts';
import type { CallOutcome } from './circuit-breaker.ts';

/**
 * What a failed subgraph call says about the service: a call cut short by the operation (its deadline, a client
 * that left: ABORTED) says nothing, so it never opens a circuit; a timeout, a refused connection, an HTTP
 * error or an answer that is not GraphQL does. Anything else is the gateway's own fault, not the service's.
 */
export function outcomeOfSubgraphError(error: unknown): CallOutcome {
  if (!(error instanceof SubgraphHttpError)) return 'neutral';
  return error.reason === 'ABORTED' ? 'neutral' : 'failure';
}
