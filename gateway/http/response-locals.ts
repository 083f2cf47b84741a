import type { ServerResponse } from 'node:http';

/**
 * What the gateway keeps about a request while answering it (`cspNonce`, `identity`): express's `res.locals`,
 * created on a plain node:http response too, so that the POST /graphql route (graphql-post-route.ts) and the
 * express routes share the same middleware.
 */
export function localsOf(res: ServerResponse): Record<string, unknown> {
  const response = res as ServerResponse & { locals?: Record<string, unknown> };
  response.locals ??= Object.create(null) as Record<string, unknown>;
  return response.locals;
}
