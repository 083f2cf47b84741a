import { createHash } from 'node:crypto';
import { ExportRequestError } from './export-request-error.ts';

/**
 * Automatic persisted queries (Apollo's APQ protocol) for GET /graphql as CSV: sha256 hash → query text.
 * Apollo Server keeps its own APQ cache out of reach of this router, so the router keeps this one,
 * filled from every registration it sees (POSTs to Apollo included); in memory, like Apollo's default.
 */
export interface PersistedQueries {
  /** Keeps the query when the hash is its sha256; false when it is not. */
  remember(hash: string, query: string): boolean;
  find(hash: string): string | undefined;
}

/** Enough for the queries of a few dashboards; the oldest unused is forgotten first. */
const DEFAULT_CAPACITY = 1_000;

export function createPersistedQueries(capacity = DEFAULT_CAPACITY): PersistedQueries {
  const queries = new Map<string, string>();
  return {
    remember(hash, query) {
      if (sha256Hex(query) !== hash.toLowerCase()) return false;
      queries.delete(hash.toLowerCase());
      queries.set(hash.toLowerCase(), query);
      if (queries.size > capacity) queries.delete(queries.keys().next().value!);
      return true;
    },
    find(hash) {
      const query = queries.get(hash.toLowerCase());
      if (query !== undefined) {
        queries.delete(hash.toLowerCase());
        queries.set(hash.toLowerCase(), query);
      }
      return query;
    },
  };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The sha256Hash of an `extensions.persistedQuery` (version 1), undefined without one; a malformed one is refused. */
export function persistedQueryHashOf(extensions: unknown): string | undefined {
  if (typeof extensions !== 'object' || extensions === null || !('persistedQuery' in extensions)) return undefined;
  const persisted = extensions.persistedQuery as { version?: unknown; sha256Hash?: unknown } | null;
  if (
    persisted?.version !== 1 ||
    typeof persisted.sha256Hash !== 'string' ||
    !/^[0-9a-fA-F]{64}$/.test(persisted.sha256Hash)
  ) {
    throw new ExportRequestError(
      400,
      'Bad parameter "extensions": persistedQuery must be {"version":1,"sha256Hash":"<64 hex digits>"}; ' +
        `got ${JSON.stringify(persisted)}`,
    );
  }
  return persisted.sha256Hash;
}
