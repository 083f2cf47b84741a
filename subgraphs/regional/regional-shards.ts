import express from 'express';
import type { DatabaseHandle } from '../../shared/database/database.ts';
import { listen, type RunningServer } from '../../shared/http/listen.ts';
import type { Logger } from '../../shared/logging/logger.ts';
import type { RegionalShard } from './config.ts';
import { createRegionalService } from './regional-service.ts';
import { buildRegionalSchema } from './regional-schema.ts';

export interface RunningRegionalShards {
  /** Region code → its server, in the order the shards were given. */
  servers: Map<string, RunningServer>;
  stop(): Promise<void>;
}

/**
 * Serves each shard as its own HTTP server (its own port, `/graphql` and `/health`) over its own schema in
 * the one database handle, all sharing one built schema: one process can host several regions (the fan-out
 * benchmark puts 25 synthetic shards in one). A failure half-way stops what was started.
 */
export async function serveRegionalShards(options: {
  shards: readonly RegionalShard[];
  database: DatabaseHandle;
  logger: Logger;
  host?: string;
  /** Prefix of each region's schema name; tests use it to isolate themselves on a shared PostgreSQL. */
  schemaPrefix?: string;
}): Promise<RunningRegionalShards> {
  const schema = buildRegionalSchema();
  const servers = new Map<string, RunningServer>();
  const services: Array<{ stop(): Promise<void> }> = [];
  const stop = async () => {
    await Promise.all([...servers.values()].map((server) => server.close()));
    await Promise.all(services.map((service) => service.stop()));
  };
  try {
    for (const { region, port } of options.shards) {
      const service = await createRegionalService({ region, database: options.database, logger: options.logger, schema, schemaPrefix: options.schemaPrefix });
      services.push(service);
      const app = express();
      app.get('/health', (_req, res) => void res.json({ status: 'ok', region }));
      app.use('/graphql', ...service.handler);
      servers.set(region, await listen(app, port, options.host ?? '0.0.0.0'));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers, stop };
}
