import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';

/** Client headers passed on to every subgraph call: the request id for tracing, and the caller's identity. */
const FORWARDED = ['authorization', 'accept-language'];

export function forwardedHeaders(options: GraphQLDataSourceProcessOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  if (options.kind !== 'incoming operation') return headers;
  const context = options.context as { requestId?: string };
  if (context.requestId) headers['x-request-id'] = context.requestId;
  const incoming = options.incomingRequestContext.request.http?.headers;
  for (const name of FORWARDED) {
    const value = incoming?.get(name);
    if (value) headers[name] = value;
  }
  return headers;
}
