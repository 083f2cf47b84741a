import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';

/**
 * A subgraph's cache-control header as a cache hint, as Apollo's RemoteGraphQLDataSource reads it: no
 * header or no max-age means "do not cache" (maxAge 0), so that one uncacheable part keeps the whole
 * response out of the response cache.
 */
export function cacheHintOf(header: string | undefined): CacheHint {
  const key = header ?? '';
  let hint = readHints.get(key);
  if (!hint) {
    if (readHints.size >= READ_HINTS_LIMIT) readHints.clear();
    hint = Object.freeze(readCacheHint(header));
    readHints.set(key, hint);
  }
  return hint;
}

type CacheHint = { readonly maxAge: number; readonly scope?: 'PUBLIC' | 'PRIVATE' };

/**
 * The hints read so far, by header: subgraphs send one or two distinct headers, and the gateway reads one for
 * every cell of a comparison served from its entity cache (200 a question at 200 shards).
 */
const readHints = new Map<string, CacheHint>();
const READ_HINTS_LIMIT = 100;

function readCacheHint(header: string | undefined): { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } {
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
