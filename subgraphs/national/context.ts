import type { Kysely } from 'kysely';
import type { AuthenticatedCaller } from '../../shared/http/subgraph-authentication.ts';
import type { Logger } from '../../shared/logging/logger.ts';
import type { KnownRegions } from '../../shared/regions/known-regions.ts';
import type { NationalDatabase } from './database/national-database.types.ts';
import { createIndicatorLoaders } from './indicators/indicator.loaders.ts';
import { createRegionLoaders } from './regions/region.loaders.ts';
import { createComparisonLoaders } from './comparisons/comparison.loaders.ts';

/**
 * Created per request, so that DataLoader caches never outlive one request. `db` is the request's handle
 * (untilAborted): once the request is cancelled, a new batch fails instead of querying for nobody.
 * Object.assign, not spreads: on Node 20 a second spread in an object literal copies through the runtime.
 */
export function createLoaders(db: Kysely<NationalDatabase>) {
  return Object.assign({}, createRegionLoaders(db), createIndicatorLoaders(db), createComparisonLoaders(db));
}

export interface NationalContext {
  db: Kysely<NationalDatabase>;
  loaders: ReturnType<typeof createLoaders>;
  logger: Logger;
  /** The region codes this deployment knows (the 14 offices, plus any synthetic shards). */
  regions: KnownRegions;
  /** Who asked: the gateway's caller, from its signed headers. */
  caller: AuthenticatedCaller;
  /** Aborts when the gateway closes the connection before the answer was sent. */
  signal: AbortSignal;
}
