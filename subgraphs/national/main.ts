import { openDatabase } from '../../shared/database/database.ts';
import { retryWhileDatabaseUnavailable } from '../../shared/database/database-availability.ts';
import { exitIfPortInUse, listenAsSubgraph } from '../../shared/http/listen.ts';
import { mountSubgraphProbes, subgraphReadiness } from '../../shared/http/probes.ts';
import { createServiceListener, preparedLater } from '../../shared/http/service-app.ts';
import { readShutdownGraceMs, stopOnSignals } from '../../shared/http/stop-on-signals.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { readNationalConfig } from './config.ts';
import { createNationalService } from './national-service.ts';

/**
 * `npm run serve:national`: the national subgraph as its own process (PORT, HOST, SUBGRAPH_SECRET, DATABASE_URL,
 * SHUTDOWN_GRACE_MS). It listens first and prepares its schema once the database answers: /ready says when.
 */
const config = readNationalConfig();
const graceMs = readShutdownGraceMs();
const logger = createLogger('national');
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  statementTimeoutMs: config.statementTimeoutMs,
  logger,
});
const graphql = preparedLater();
const stopSteps: Array<() => Promise<unknown>> = [];
const stopping = stopOnSignals(stopSteps, undefined, { logger, graceMs });
const ready = subgraphReadiness(graphql, database);
const listener = createServiceListener(logger, { '/graphql': graphql.handle }, (routes) =>
  mountSubgraphProbes(routes, { ready, stopping }),
);
const running = await listenAsSubgraph(listener, config.port, config.host).catch(exitIfPortInUse);
stopSteps.push(
  () => running.drain(graceMs),
  () => database.close(),
);
logger.info(
  { port: running.port, host: config.host, signed: Boolean(config.subgraphSecret), engine: database.engine },
  'national subgraph listening',
);

const service = await retryWhileDatabaseUnavailable(
  () =>
    createNationalService({
      database,
      logger,
      regions: config.regions,
      subgraphSecret: config.subgraphSecret,
      limits: config.limits,
    }),
  { signal: stopping, onRetry: () => logger.warn('database unavailable: preparing the national schema again in 1 s') },
).catch((error: unknown) => {
  if (stopping.aborted) return undefined;
  throw error;
});
if (service) {
  graphql.serve(service.handle);
  // Before the database closes: Apollo stops after the requests in flight have finished.
  stopSteps.splice(1, 0, () => service.stop());
  logger.info('national schema ready');
}
