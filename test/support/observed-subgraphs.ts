import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { pino } from 'pino';
import { listen, type RunningServer } from '../../shared/http/listen.ts';
import { createServiceApp } from '../../shared/http/service-app.ts';
import type { SubgraphLimits } from '../../shared/http/subgraph-limits.ts';
import { parseRegionCode } from '../../shared/regions/region-codes.ts';
import { createNationalService } from '../../subgraphs/national/national-service.ts';
import { createRegionalService } from '../../subgraphs/regional/regional-service.ts';
import type { TestDatabase } from './test-database.ts';

/** Counts the statements that reached the database (their results came back): `db.withPlugin(counter)`. */
export class StatementCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.count += 1;
    return args.result;
  }
}

export interface ObservedSubgraphs {
  /** GraphQL URLs of regional VI and of national, each its own HTTP server. */
  urls: { regional: string; national: string };
  servers: RunningServer[];
  /**
   * Requests that got as far as a GraphQL context (the only way to a resolver): the services log one debug line each.
   */
  contexts(): number;
  /** SQL statements the services ran. */
  statements(): number;
  /** Every log line so far, parsed. */
  logLines(): Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * Regional VI and national as in production (each its own server, real database), with what a test needs
 * to say "nothing ran": a count of request contexts from their debug log, and a count of SQL statements.
 */
export async function startObservedSubgraphs(
  database: TestDatabase,
  options: { subgraphSecret?: string; limits?: SubgraphLimits } = {},
): Promise<ObservedSubgraphs> {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'debug', base: { service: 'test' } },
    { write: (line: string) => void lines.push(JSON.parse(line)) },
  );
  const counter = new StatementCounter();
  const handle = { ...database.handle, db: database.handle.db.withPlugin(counter) };
  const { schemaPrefix } = database;
  const services = [
    await createRegionalService({ region: parseRegionCode('VI'), database: handle, logger, schemaPrefix, ...options }),
    await createNationalService({ database: handle, logger, schemaPrefix, ...options }),
  ];
  const servers: RunningServer[] = [];
  for (const service of services)
    servers.push(
      await listen(
        createServiceApp(logger, (app) => app.use('/graphql', ...service.handler)),
        0,
      ),
    );
  // Setting up (migrations, seeding) ran statements; only what requests cause counts.
  counter.count = 0;
  return {
    urls: { regional: `${servers[0]!.url}/graphql`, national: `${servers[1]!.url}/graphql` },
    servers,
    contexts: () => lines.filter((line) => line.msg === 'subgraph request').length,
    statements: () => counter.count,
    logLines: () => lines,
    async stop() {
      await Promise.all(servers.map((server) => server.close()));
      await Promise.all(services.map((service) => service.stop()));
    },
  };
}
