import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';

/**
 * A subgraph's cache-control header as a cache hint, as Apollo's RemoteGraphQLDataSource reads it: no
 * header or no max-age means "do not cache" (maxAge 0), so that one uncacheable part keeps the whole
 * response out of the response cache.
 */
export function cacheHintOf(header: string | undefined): { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } {
  const directives = new Map<string, string | true>();
  for (const part of (header ?? '')
    .split(',')
    .map((piece) => piece.trim())
    .filter(Boolean)) {
    const [name, value] = part.split('=', 2);
    directives.set(name!.toLowerCase(), value === undefined ? true : value.replace(/^"|"$/g, ''));
  }
  const maxAge = directives.get('max-age');
  const hint: { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } = {
    maxAge: typeof maxAge === 'string' && /^\d+$/.test(maxAge) ? Number(maxAge) : 0,
  };
  if (directives.has('private')) hint.scope = 'PRIVATE';
  else if (directives.has('public')) hint.scope = 'PUBLIC';
  return hint;
}

/** Narrows the client request's cache policy by one subgraph answer. */
export function restrictCachePolicy(options: GraphQLDataSourceProcessOptions, header: string | undefined): void {
  if (options.kind !== 'incoming operation') return;
  const policy = options.incomingRequestContext.overallCachePolicy;
  if (policy && 'restrict' in policy) policy.restrict(cacheHintOf(header));
}
