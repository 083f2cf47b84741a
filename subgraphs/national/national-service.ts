import { inSchema, migrateSchema, type DatabaseHandle } from '../../shared/database/database.ts';
import { untilAborted } from '../../shared/database/abortable-queries.ts';
import { createGraphQLMiddleware, type GraphQLMiddleware } from '../../shared/http/graphql-middleware.ts';
import type { SubgraphLimits } from '../../shared/http/subgraph-limits.ts';
import type { Logger } from '../../shared/logging/logger.ts';
import { BKN_REGIONS, type KnownRegions } from '../../shared/regions/known-regions.ts';
import { createLoaders, type NationalContext } from './context.ts';
import { nationalMigrations } from './database/migrations/index.ts';
import type { NationalDatabase } from './database/national-database.types.ts';
import { readReferenceData, seedReferenceData } from './database/seed-reference-data.ts';
import { buildNationalSchema } from './national-schema.ts';

export const NATIONAL_SCHEMA = 'national';

export interface NationalServiceOptions {
  database: DatabaseHandle;
  logger: Logger;
  /** Prefix of the schema name; tests use it to isolate themselves on a shared PostgreSQL. */
  schemaPrefix?: string;
  /** The region codes the deployment knows; default the 14 offices (SYNTHETIC_SHARDS adds synthetic shards). */
  regions?: KnownRegions;
  /** SUBGRAPH_SECRET: only requests the gateway signed with it are answered; unset, any request (loopback only). */
  subgraphSecret?: string | undefined;
  limits?: SubgraphLimits;
  /**
   * The folder of regions.json, indicators.json and budget-nomenclature.json to seed from; default
   * subgraphs/national/reference-data/. Tests point it at an edited copy (CONTRIBUTING.md: a new indicator).
   */
  referenceDataDirectory?: string;
}

/** Migrates and seeds the national schema, then returns its GraphQL handler. */
export async function createNationalService(options: NationalServiceOptions): Promise<GraphQLMiddleware> {
  const regions = options.regions ?? BKN_REGIONS;
  const db = await prepareNationalDatabase(
    options.database,
    options.schemaPrefix,
    regions,
    options.referenceDataDirectory,
  );
  return createGraphQLMiddleware<NationalContext>({
    schema: buildNationalSchema(),
    logger: options.logger,
    subgraphSecret: options.subgraphSecret,
    limits: options.limits,
    createContext: ({ logger, caller, signal }) => {
      const requestDb = untilAborted(db, signal);
      return { db: requestDb, loaders: createLoaders(requestDb), logger, regions, caller, signal };
    },
  });
}

/**
 * Migrates the national schema and seeds the directory (with the synthetic shards of `regions`, if any), the
 * catalogue and the nomenclature, from `referenceDataDirectory` when given.
 */
export async function prepareNationalDatabase(
  database: DatabaseHandle,
  schemaPrefix = '',
  regions: KnownRegions = BKN_REGIONS,
  referenceDataDirectory?: string,
) {
  const schemaName = `${schemaPrefix}${NATIONAL_SCHEMA}`;
  await migrateSchema(database, schemaName, nationalMigrations);
  const db = inSchema<NationalDatabase>(database, schemaName);
  const reference = referenceDataDirectory === undefined ? undefined : readReferenceData(referenceDataDirectory);
  await seedReferenceData(db, regions.syntheticCodes, reference);
  return db;
}
