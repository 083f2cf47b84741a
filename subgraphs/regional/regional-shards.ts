import type { DatabaseHandle } from '../../shared/database/database.ts';
import { listen, type RunningServer } from '../../shared/http/listen.ts';
import { createServiceApp } from '../../shared/http/service-app.ts';
import type { SubgraphLimits } from '../../shared/http/subgraph-limits.ts';
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
  /** Default 127.0.0.1. */
  host?: string;
  /** SUBGRAPH_SECRET: only requests the gateway signed with it are answered. */
  subgraphSecret?: string | undefined;
  limits?: SubgraphLimits;
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
      const { database, logger, schemaPrefix, subgraphSecret, limits } = options;
      const service = await createRegionalService({ region, database, logger, schema, schemaPrefix, subgraphSecret, limits });
      services.push(service);
      const app = createServiceApp(logger, (routes) => {
        routes.get('/health', (_req, res) => void res.json({ status: 'ok', region }));
        routes.use('/graphql', ...service.handler);
      });
      servers.set(region, await listen(app, port, options.host ?? '127.0.0.1'));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers, stop };
}
