import { inSchema, migrateSchema, type DatabaseHandle } from '../../shared/database/database.ts';
import { createGraphQLMiddleware, type GraphQLMiddleware } from '../../shared/http/graphql-middleware.ts';
import type { Logger } from '../../shared/logging/logger.ts';
import { createLoaders, type NationalContext } from './context.ts';
import { nationalMigrations } from './database/migrations/index.ts';
import type { NationalDatabase } from './database/national-database.types.ts';
import { seedReferenceData } from './database/seed-reference-data.ts';
import { buildNationalSchema } from './national-schema.ts';

export const NATIONAL_SCHEMA = 'national';

export interface NationalServiceOptions {
  database: DatabaseHandle;
  logger: Logger;
  /** Prefix of the schema name; tests use it to isolate themselves on a shared PostgreSQL. */
  schemaPrefix?: string;
}

/** Migrates and seeds the national schema, then returns its GraphQL handler. */
export async function createNationalService(options: NationalServiceOptions): Promise<GraphQLMiddleware> {
  const db = await prepareNationalDatabase(options.database, options.schemaPrefix);
  return createGraphQLMiddleware<NationalContext>({
    schema: buildNationalSchema(),
    logger: options.logger,
    createContext: (_requestId, logger) => ({ db, loaders: createLoaders(db), logger }),
  });
}

export async function prepareNationalDatabase(database: DatabaseHandle, schemaPrefix = '') {
  const schemaName = `${schemaPrefix}${NATIONAL_SCHEMA}`;
  await migrateSchema(database, schemaName, nationalMigrations);
  const db = inSchema<NationalDatabase>(database, schemaName);
  await seedReferenceData(db);
  return db;
}
