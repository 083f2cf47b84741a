/**
 * The bench's "monolith" reference: one process, one database pool, the same supergraph, query planner
 * and resolvers as the production topology, but national and every region run in-process, with no HTTP
 * between services. Served over HTTP on its own port so that autocannon loads it as it loads the gateway.
 *   PORT=… DATABASE_URL=postgres://… node --import tsx bench/monolith-server.ts
 * (the bench runs it compiled, as it runs every service: compiled-services.ts)
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { DEFAULT_REGION_REQUESTS_LINGER_MS } from '../gateway/config.ts';
import { keepApolloTelemetryOff } from '../gateway/supergraph/apollo-telemetry.ts';
import { readNonNegativeInteger, readPort, readUrl, requireValue } from '../shared/config/environment.ts';
import { inSchema, migrateSchema, openDatabase } from '../shared/database/database.ts';
import { listen } from '../shared/http/listen.ts';
import { stopOnSignals } from '../shared/http/stop-on-signals.ts';
import { createLogger } from '../shared/logging/logger.ts';
import { BKN_REGIONS } from '../shared/regions/known-regions.ts';
import { GATEWAY_CALLER } from '../shared/security/subgraph-signature.ts';
import { REGION_CODES, regionSchemaName } from '../shared/regions/region-codes.ts';
import { createLoaders as createNationalLoaders, type NationalContext } from '../subgraphs/national/context.ts';
import { buildNationalSchema } from '../subgraphs/national/national-schema.ts';
import { prepareNationalDatabase } from '../subgraphs/national/national-service.ts';
import { createLoaders as createRegionalLoaders } from '../subgraphs/regional/context.ts';
import { regionalMigrations } from '../subgraphs/regional/database/migrations/index.ts';
import type { RegionalDatabase } from '../subgraphs/regional/database/regional-database.types.ts';
import { buildRegionalSchema } from '../subgraphs/regional/regional-schema.ts';
import { InProcessRegionRouterDataSource, InProcessSubgraphDataSource } from './in-process-data-sources.ts';

const port = readPort(process.env, 'PORT', 4399);
requireValue(process.env, 'DATABASE_URL');
const databaseUrl = readUrl(process.env, 'DATABASE_URL');
const logger = createLogger('bench-monolith');
/**
 * MONOLITH_REQUESTS_IN_FLIGHT: each region's parts of several operations coalesced as the gateway's
 * REGION_REQUESTS_IN_FLIGHT does; 0, the default, runs each part as it comes (the reference).
 */
const requestsInFlightPerRegion = readNonNegativeInteger(process.env, 'MONOLITH_REQUESTS_IN_FLIGHT', 0);
/** MONOLITH_REQUESTS_LINGER_MS: how long the waiting parts may wait one more round trip, as the gateway's default. */
const lingerLimitMs = readNonNegativeInteger(
  process.env,
  'MONOLITH_REQUESTS_LINGER_MS',
  DEFAULT_REGION_REQUESTS_LINGER_MS,
);
const database = await openDatabase({ databaseUrl });

const nationalDb = await prepareNationalDatabase(database);
const nationalSchema = buildNationalSchema();
const regionalSchema = buildRegionalSchema();
const regionContexts = new Map<string, () => unknown>();
// In one process nothing is signed and no subgraph request is cancelled on its own.
const caller = { ...GATEWAY_CALLER, signed: false };
const signal = new AbortController().signal;
for (const region of REGION_CODES) {
  const schemaName = regionSchemaName(region);
  await migrateSchema(database, schemaName, regionalMigrations);
  const db = inSchema<RegionalDatabase>(database, schemaName);
  const regionLogger = logger.child({ region });
  regionContexts.set(region, () => ({
    region,
    loaders: createRegionalLoaders(db),
    logger: regionLogger,
    caller,
    signal,
  }));
}

keepApolloTelemetryOff();
const gateway = new ApolloGateway({
  supergraphSdl: readFileSync('supergraph.graphql', 'utf8'),
  buildService({ name }) {
    if (name === 'regional')
      return new InProcessRegionRouterDataSource(regionalSchema, regionContexts, {
        requestsInFlightPerRegion,
        lingerLimitMs,
      });
    if (name === 'national')
      return new InProcessSubgraphDataSource(
        nationalSchema,
        (): NationalContext => ({
          db: nationalDb,
          loaders: createNationalLoaders(nationalDb),
          logger,
          regions: BKN_REGIONS,
          caller,
          signal,
        }),
      );
    throw new Error(`The monolith knows the subgraphs national and regional; the supergraph names "${name}"`);
  },
});
// stopOnSignals below is the process's one signal handler; Apollo's own would race it.
const server = new ApolloServer({
  gateway,
  includeStacktraceInErrorResponses: false,
  stopOnTerminationSignals: false,
  plugins: [ApolloServerPluginLandingPageDisabled()],
});
await server.start();

const app = express();
app.disable('x-powered-by');
app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(server, { context: async () => ({}) }));
const running = await listen(app, port, '127.0.0.1');
logger.info({ port: running.port }, 'bench monolith listening');

stopOnSignals([() => running.close(), () => server.stop(), () => database.close()]);
