import { inSchema, migrateSchema, type DatabaseHandle } from '../../shared/database/database.ts';
import { untilAborted } from '../../shared/database/abortable-queries.ts';
import { createGraphQLMiddleware, type GraphQLMiddleware } from '../../shared/http/graphql-middleware.ts';
import type { SubgraphLimits } from '../../shared/http/subgraph-limits.ts';
import type { Logger } from '../../shared/logging/logger.ts';
import { regionSchemaName, type RegionCode } from '../../shared/regions/region-codes.ts';
import { storeMissingPlanRealisations } from './budget/plan-realisation-totals.ts';
import { createLoaders, type RegionalContext } from './context.ts';
import { regionalMigrations } from './database/migrations/index.ts';
import type { RegionalDatabase } from './database/regional-database.types.ts';
import { buildRegionalSchema } from './regional-schema.ts';

export interface RegionalServiceOptions {
  region: RegionCode;
  database: DatabaseHandle;
  logger: Logger;
  /** Prefix of the region's schema name; tests use it to isolate themselves on a shared PostgreSQL. */
  schemaPrefix?: string;
  /** Built once and shared when one process serves many regions. */
  schema?: ReturnType<typeof buildRegionalSchema>;
  /** SUBGRAPH_SECRET: only requests the gateway signed with it are answered; unset, any request (loopback only). */
  subgraphSecret?: string | undefined;
  limits?: SubgraphLimits;
  /** False: every request through Apollo Server's pipeline, none on the direct path (tests compare the two). */
  directPath?: boolean;
}

/** Migrates the region's schema and returns its GraphQL handler. Region is configuration, never a branch. */
export async function createRegionalService(options: RegionalServiceOptions): Promise<GraphQLMiddleware> {
  const schemaName = regionSchemaName(options.region, options.schemaPrefix);
  await migrateSchema(options.database, schemaName, regionalMigrations);
  const db = inSchema<RegionalDatabase>(options.database, schemaName);
  const logger = options.logger.child({ region: options.region });
  const storedTotals = await storeMissingPlanRealisations(db);
  if (storedTotals > 0)
    logger.info({ plans: storedTotals }, 'stored the total realisation of plans imported without one');
  return createGraphQLMiddleware<RegionalContext>({
    schema: options.schema ?? buildRegionalSchema(),
    logger,
    subgraphSecret: options.subgraphSecret,
    limits: options.limits,
    directPath: options.directPath,
    createContext: ({ logger: requestLogger, caller, signal }) => ({
      region: options.region,
      loaders: createLoaders(untilAborted(db, signal)),
      logger: requestLogger,
      caller,
      signal,
    }),
  });
}
