import { openDatabase } from '../../shared/database/database.ts';
import { readShutdownGraceMs, stopOnSignals } from '../../shared/http/stop-on-signals.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { readRegionalConfig } from './config.ts';
import { exitIfPortInUse } from '../../shared/http/listen.ts';
import { serveRegionalShards, type RunningRegionalShards } from './regional-shards.ts';

/**
 * `npm run serve:regional`: one region's subgraph as its own process (REGION, PORT, HOST, SUBGRAPH_SECRET,
 * DATABASE_URL, SHUTDOWN_GRACE_MS), or several regions in one process (REGIONS=…), each on its own port and schema
 * (see config.ts). It listens first and prepares each schema once the database answers: /ready says when.
 */
const config = readRegionalConfig();
const graceMs = readShutdownGraceMs();
const codes = config.shards.map((shard) => shard.region);
const logger = createLogger(
  codes.length === 1 ? `regional-${codes[0]}` : `regional-${codes[0]}-to-${codes[codes.length - 1]}`,
);
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  statementTimeoutMs: config.statementTimeoutMs,
  logger,
});
let running: RunningRegionalShards | undefined;
const stopping = stopOnSignals([async () => running?.drain(graceMs), () => database.close()], undefined, {
  logger,
  graceMs,
});
running = await serveRegionalShards({
  shards: config.shards,
  database,
  logger,
  host: config.host,
  subgraphSecret: config.subgraphSecret,
  limits: config.limits,
  stopping,
  onListening: (servers) => {
    for (const [region, server] of servers) {
      logger.info(
        {
          port: server.port,
          host: config.host,
          signed: Boolean(config.subgraphSecret),
          engine: database.engine,
          region,
        },
        `regional subgraph ${region} listening`,
      );
    }
  },
}).catch((error: unknown) => {
  if (stopping.aborted) return undefined;
  return exitIfPortInUse(error);
});
if (running) logger.info({ regions: codes }, 'regional schemas ready');
