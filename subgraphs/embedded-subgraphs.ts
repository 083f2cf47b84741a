import type { DatabaseHandle } from '../shared/database/database.ts';
import { exitIfPortInUse, listenAsSubgraph } from '../shared/http/listen.ts';
import type { NodeRequestHandler } from '../shared/http/graphql-request-handler.ts';
import { mountProbes } from '../shared/http/probes.ts';
import { createServiceListener } from '../shared/http/service-app.ts';
import { createLogger } from '../shared/logging/logger.ts';
import type { StartupProgress } from '../shared/logging/startup-progress.ts';
import { REGION_CODES } from '../shared/regions/region-codes.ts';
import { createNationalService } from './national/national-service.ts';
import { createRegionalService } from './regional/regional-service.ts';
import { buildRegionalSchema } from './regional/regional-schema.ts';

export interface EmbeddedSubgraphsOptions {
  database: DatabaseHandle;
  logLevel: string;
  /** The gateway signs its requests with it; the subgraphs answer no others. */
  subgraphSecret: string;
  /** SUBGRAPHS_PORT, else any free port. */
  port: number;
  progress: StartupProgress;
}

/**
 * `npm start`'s subgraphs: national and every region in this process, on one database (a schema each), served
 * on one loopback port under /national/graphql and /regions/<code>/graphql, so that the gateway calls them over
 * HTTP exactly as in production.
 */
export async function startEmbeddedSubgraphs({
  database,
  logLevel,
  subgraphSecret,
  port,
  progress,
}: EmbeddedSubgraphsOptions) {
  const national = await createNationalService({
    database,
    logger: createLogger('national', logLevel),
    subgraphSecret,
  });
  const schema = buildRegionalSchema();
  const logger = createLogger('regional', logLevel);
  progress.step('national service prepared; preparing the regional services (a schema and migrations each)');
  const regional = new Map<string, Awaited<ReturnType<typeof createRegionalService>>>();
  for (const region of REGION_CODES) {
    regional.set(region, await createRegionalService({ region, database, logger, schema, subgraphSecret }));
    progress.stepIfQuiet(`prepared regional service ${region} (${regional.size}/${REGION_CODES.length})`);
  }
  progress.step(`prepared the national service and ${regional.size} regional services (${REGION_CODES.join(', ')})`);

  const graphql: Record<string, NodeRequestHandler> = { '/national/graphql': national.handle };
  for (const [region, service] of regional) graphql[`/regions/${region}/graphql`] = service.handle;
  // What the gateway's /health and /ready ask of the subgraphs: here, whether the one PGlite answers.
  const listener = createServiceListener(logger, graphql, (routes) =>
    mountProbes(routes, { ready: () => database.ping() }),
  );
  const server = await listenAsSubgraph(listener, port, '127.0.0.1', 'SUBGRAPHS_PORT').catch(exitIfPortInUse);
  return { server, services: [national, ...regional.values()] };
}
