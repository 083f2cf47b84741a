import type { DatabaseHandle } from '../../shared/database/database.ts';
import { retryWhileDatabaseUnavailable } from '../../shared/database/database-availability.ts';
import { listenAsSubgraph, type RunningServer } from '../../shared/http/listen.ts';
import { mountSubgraphProbes, subgraphReadiness } from '../../shared/http/probes.ts';
import { createServiceListener, preparedLater } from '../../shared/http/service-app.ts';
import type { SubgraphLimits } from '../../shared/http/subgraph-limits.ts';
import type { Logger } from '../../shared/logging/logger.ts';
import type { RegionalShard } from './config.ts';
import { createRegionalService } from './regional-service.ts';
import { buildRegionalSchema } from './regional-schema.ts';

export interface RunningRegionalShards {
  /** Region code → its server, in the order the shards were given. */
  servers: Map<string, RunningServer>;
  /** Stops at once (tests, a failed start). */
  stop(): Promise<void>;
  /** Stops gracefully: servers drain (requests in flight finish, up to `graceMs`), then the services stop. */
  drain(graceMs: number): Promise<void>;
}

/**
 * Serves each shard as its own HTTP server (its own port, `/graphql`, `/health`, `/live`, `/ready`) over its
 * own schema in the one database handle, all sharing one built schema: one process can host several regions
 * (the fan-out benchmark puts 25 synthetic shards in one). Every server listens first; each shard's schema is
 * then migrated, again every second while the database cannot be reached, and the promise resolves once all
 * are ready (until then a shard's /ready and /graphql answer 503). A failure half-way stops what was started.
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
  /** Aborted when the process starts stopping: readiness answers 503, a start still waiting gives up. */
  stopping?: AbortSignal;
  /** Called once the servers listen, before the schemas are ready. */
  onListening?: (servers: Map<string, RunningServer>) => void;
}): Promise<RunningRegionalShards> {
  const schema = buildRegionalSchema();
  const { database, logger, schemaPrefix, subgraphSecret, limits, stopping } = options;
  const servers = new Map<string, RunningServer>();
  const services: Array<{ stop(): Promise<void> }> = [];
  const stopServices = () => Promise.all(services.map((service) => service.stop())).then(() => undefined);
  const stop = async () => {
    await Promise.all([...servers.values()].map((server) => server.close()));
    await stopServices();
  };
  const drain = async (graceMs: number) => {
    await Promise.all([...servers.values()].map((server) => server.drain(graceMs)));
    await stopServices();
  };
  const pending: Array<{ region: RegionalShard['region']; graphql: ReturnType<typeof preparedLater> }> = [];
  try {
    for (const { region, port } of options.shards) {
      const graphql = preparedLater();
      const ready = subgraphReadiness(graphql, database);
      const listener = createServiceListener(logger, { '/graphql': graphql.handle }, (routes) =>
        mountSubgraphProbes(routes, { ready, stopping, describe: { region } }),
      );
      servers.set(region, await listenAsSubgraph(listener, port, options.host));
      pending.push({ region, graphql });
    }
    options.onListening?.(servers);
    for (const { region, graphql } of pending) {
      const service = await retryWhileDatabaseUnavailable(
        () => createRegionalService({ region, database, logger, schema, schemaPrefix, subgraphSecret, limits }),
        {
          signal: stopping,
          onRetry: () => logger.warn({ region }, 'database unavailable: preparing the region schema again in 1 s'),
        },
      );
      services.push(service);
      graphql.serve(service.handle);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers, stop, drain };
}
