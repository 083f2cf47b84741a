import { openDatabase } from '../../shared/database/database.ts';
import { stopOnSignals } from '../../shared/http/stop-on-signals.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { readRegionalConfig } from './config.ts';
import { serveRegionalShards } from './regional-shards.ts';

/**
 * `npm run serve:regional`: one region's subgraph as its own process (REGION, PORT, HOST, SUBGRAPH_SECRET, DATABASE_URL), or several
 * regions in one process (REGIONS=…), each on its own port and schema (see config.ts).
 */
const config = readRegionalConfig();
const codes = config.shards.map((shard) => shard.region);
const logger = createLogger(codes.length === 1 ? `regional-${codes[0]}` : `regional-${codes[0]}-to-${codes[codes.length - 1]}`);
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, statementTimeoutMs: config.statementTimeoutMs });
const running = await serveRegionalShards({
  shards: config.shards,
  database,
  logger,
  host: config.host,
  subgraphSecret: config.subgraphSecret,
  limits: config.limits,
});
for (const [region, server] of running.servers) {
  logger.info({ port: server.port, host: config.host, signed: Boolean(config.subgraphSecret), engine: database.engine, region }, `regional subgraph ${region} listening`);
}

stopOnSignals([() => running.stop(), () => database.close()]);
