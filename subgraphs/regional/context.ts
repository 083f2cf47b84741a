import type { Kysely } from 'kysely';
import type { Logger } from '../../shared/logging/logger.ts';
import type { RegionCode } from '../../shared/regions/region-codes.ts';
import { graphQLError } from '../../shared/errors/error-codes.ts';
import type { AuthenticatedCaller } from '../../shared/http/subgraph-authentication.ts';
import type { RegionalDatabase } from './database/regional-database.types.ts';
import { createPlanLoaders } from './plans/plan.loaders.ts';
import { createIndicatorLoaders } from './indicators/indicator-target.loaders.ts';
import { createBudgetLoaders } from './budget/budget.loaders.ts';
import { createStaffLoaders } from './staff/staff.loaders.ts';
import { createWorkAreaLoaders } from './work-area/work-area.loaders.ts';
import { createComparisonCellLoaders } from './comparisons/comparison-cells.loaders.ts';

/** Every loader of a request: each feature's own, in one object. */
export type RegionalLoaders = ReturnType<typeof createPlanLoaders> &
  ReturnType<typeof createIndicatorLoaders> &
  ReturnType<typeof createBudgetLoaders> &
  ReturnType<typeof createStaffLoaders> &
  ReturnType<typeof createWorkAreaLoaders> &
  ReturnType<typeof createComparisonCellLoaders>;

/**
 * Created per request, so that DataLoader caches never outlive one request. `db` is the request's handle
 * (untilAborted): once the request is cancelled, a new batch fails instead of querying for nobody.
 * Object.assign, not spreads: on Node 20 a second spread in an object literal copies through the runtime
 * (31 µs a request for 21 loaders, against 2.4 µs; `docs/performance.md`, "properties after a spread").
 */
export function createLoaders(db: Kysely<RegionalDatabase>): RegionalLoaders {
  return Object.assign(
    {},
    createPlanLoaders(db),
    createIndicatorLoaders(db),
    createBudgetLoaders(db),
    createStaffLoaders(db),
    createWorkAreaLoaders(db),
    createComparisonCellLoaders(db),
  );
}

export interface RegionalContext {
  region: RegionCode;
  loaders: RegionalLoaders;
  logger: Logger;
  /** Who asked: the gateway's caller, from its signed headers. */
  caller: AuthenticatedCaller;
  /** Aborts when the gateway closes the connection before the answer was sent. */
  signal: AbortSignal;
}

/**
 * The shard router sends each region only its own representations; anything else is a routing bug. The check
 * at this service's boundary: a code that passes is this service's own, a RegionCode.
 */
export function assertOwnRegion(requested: string, context: RegionalContext): asserts requested is RegionCode {
  if (requested !== context.region) {
    throw graphQLError(
      'WRONG_REGION',
      `This service serves region ${context.region}; it was asked for region "${requested}"`,
      {
        region: context.region,
        requested,
      },
    );
  }
}
