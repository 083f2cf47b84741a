import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { encodeCallerHeaders } from '../../shared/security/subgraph-signature.ts';
import type { GatewayContext } from '../logging/request-logging.ts';

/**
 * Client headers passed on to every subgraph call. Not `Authorization`: the gateway authenticates the
 * caller, and subgraphs learn who it is from x-bkn-caller and x-bkn-roles, which the signature covers; a
 * client's token never travels further than the gateway.
 */
const FORWARDED = ['accept-language'];

/** A client request's headers, as Apollo Server keeps them (lower-case names). */
export interface IncomingHeaders {
  get(name: string): string | null | undefined;
}

/** The request id for tracing, the caller's identity, and the forwarded client headers. */
export function forwardedHeaders(options: GraphQLDataSourceProcessOptions): Record<string, string> {
  if (options.kind !== 'incoming operation') return {};
  return headersFor(options.context as Partial<GatewayContext>, options.incomingRequestContext.request.http?.headers);
}

/** The same from the operation's context and the client's headers. */
export function headersFor(
  context: Partial<GatewayContext>,
  incoming: IncomingHeaders | undefined,
): Record<string, string> {
  const headers: Record<string, string> = context.identity ? encodeCallerHeaders(context.identity) : {};
  if (context.requestId) headers['x-request-id'] = context.requestId;
  for (const name of FORWARDED) {
    const value = incoming?.get(name);
    if (value) headers[name] = value;
  }
  return headers;
}
