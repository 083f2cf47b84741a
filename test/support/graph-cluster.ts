import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readGatewayConfig } from '../../gateway/config.ts';
import { createGatewayServer, type GatewayServer } from '../../gateway/gateway-server.ts';
import type { NodeRequestHandler } from '../../shared/http/graphql-request-handler.ts';
import { listen, listenAsSubgraph, type RunningServer } from '../../shared/http/listen.ts';
import { createServiceListener } from '../../shared/http/service-app.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { parseRegionCode } from '../../shared/regions/region-codes.ts';
import { createNationalService } from '../../subgraphs/national/national-service.ts';
import { createRegionalService } from '../../subgraphs/regional/regional-service.ts';
import { importFiles } from '../../ingest/importing/import-files.ts';
import type { TestDatabase } from './test-database.ts';

export const PLAN_FILES = readdirSync('data/plans')
  .filter((name) => name.endsWith('.plan.json'))
  .map((name) => join('data/plans', name));

/**
 * For tests of what a failing region or service does to an answer (and of what every call records): without the
 * entity cache, every question reaches the subgraphs, as a question about cells never asked before does. What the
 * cache does while a region is down is tested in test/e2e/entity-cache.test.ts.
 */
export const ENTITY_CACHE_OFF: Readonly<Record<string, string>> = { ENTITY_CACHE_MB: '0' };

export interface GraphCluster {
  gatewayUrl: string;
  regions: Map<string, RunningServer>;
  national: RunningServer;
  /** The SUBGRAPH_SECRET the gateway signs with and the subgraphs verify (undefined: unsigned). */
  subgraphSecret: string | undefined;
  /**
   * GraphQL requests the subgraphs (national and every region) have received so far, all of them or those
   * of one client request (the gateway forwards its x-request-id): "no subgraph did the work".
   */
  subgraphRequests(requestId?: string): number;
  /** GraphQL requests one subgraph server has received so far: 'national' or a region code. */
  requestsAt(server: string): number;
  /**
   * One more gateway over the same subgraphs, with the cluster's `gatewayEnv` and its own settings over them (e.g. a
   * second instance sharing a Redis cache); stop() stops it too.
   */
  startGateway(gatewayEnv?: Record<string, string>): Promise<RunningServer>;
  query<Data = any>(query: string, variables?: Record<string, unknown>): Promise<{ data?: Data; errors?: any[] }>;
  stop(): Promise<void>;
}

/**
 * The production topology inside the test process: national and each region as its own HTTP server
 * on a free port, and the gateway calling them over HTTP. Nothing is mocked.
 */
export async function startGraphCluster(
  database: TestDatabase,
  /** The offices to serve, as a test writes them ('VI'); each is parsed, as configuration would be. */
  regionCodes: readonly string[],
  /**
   * subgraphSecret: default a new random one, as `npm start` does; null runs unsigned. referenceDataDirectory:
   * national seeds from this folder instead of subgraphs/national/reference-data/ (an edited copy).
   */
  options: {
    extraRegionUrls?: string;
    gatewayEnv?: Record<string, string>;
    subgraphSecret?: string | null;
    referenceDataDirectory?: string;
  } = {},
): Promise<GraphCluster> {
  const logger = createLogger('test', 'silent');
  const { handle, schemaPrefix } = database;
  const subgraphSecret =
    options.subgraphSecret === null ? undefined : (options.subgraphSecret ?? randomBytes(32).toString('hex'));
  await importFiles(handle, PLAN_FILES, { schemaPrefix });

  const services: Array<{ stop(): Promise<void> }> = [];
  const subgraphRequests = new Map<string, number>();
  const serverRequests = new Map<string, number>();
  const serve = async (name: string, service: Awaited<ReturnType<typeof createNationalService>>) => {
    services.push(service);
    // As the subgraph processes serve them: no X-Powered-By, JSON for every error and unknown path.
    const counted: NodeRequestHandler = (req, res) => {
      const requestId = String(req.headers['x-request-id'] ?? '');
      subgraphRequests.set(requestId, (subgraphRequests.get(requestId) ?? 0) + 1);
      serverRequests.set(name, (serverRequests.get(name) ?? 0) + 1);
      service.handle(req, res);
    };
    return listenAsSubgraph(createServiceListener(logger, { '/graphql': counted }), 0);
  };
  const national = await serve(
    'national',
    await createNationalService({
      database: handle,
      logger,
      schemaPrefix,
      subgraphSecret,
      referenceDataDirectory: options.referenceDataDirectory,
    }),
  );
  const regions = new Map<string, RunningServer>();
  for (const region of regionCodes.map((code) => parseRegionCode(code))) {
    regions.set(
      region,
      await serve(
        region,
        await createRegionalService({ region, database: handle, logger, schemaPrefix, subgraphSecret }),
      ),
    );
  }
  const regionUrls = [...regions].map(([region, server]) => `${region}=${server.url}/graphql`);
  if (options.extraRegionUrls) regionUrls.push(options.extraRegionUrls);
  const gateways: Array<{ gateway: GatewayServer; server: RunningServer }> = [];
  const startGateway = async (gatewayEnv: Record<string, string> = {}) => {
    const config = readGatewayConfig({
      NATIONAL_URL: `${national.url}/graphql`,
      REGION_URLS: regionUrls.join(','),
      REGION_TIMEOUT_MS: '3000',
      AUTH_MODE: 'off',
      ...(subgraphSecret ? { SUBGRAPH_SECRET: subgraphSecret } : {}),
      ...options.gatewayEnv,
      ...gatewayEnv,
    });
    const gateway: GatewayServer = await createGatewayServer(config, logger);
    const server = await listen(gateway.listener, 0);
    gateways.push({ gateway, server });
    return server;
  };
  const gatewayUrl = (await startGateway(options.gatewayEnv)).url;

  return {
    gatewayUrl,
    regions,
    national,
    subgraphSecret,
    subgraphRequests: (requestId) =>
      requestId === undefined
        ? [...subgraphRequests.values()].reduce((sum, count) => sum + count, 0)
        : (subgraphRequests.get(requestId) ?? 0),
    requestsAt: (server) => serverRequests.get(server) ?? 0,
    startGateway,
    async query(query, variables) {
      const response = await fetch(`${gatewayUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return response.json() as Promise<any>;
    },
    async stop() {
      for (const { gateway, server } of gateways) {
        await server.close();
        await gateway.stop();
      }
      await Promise.all([national, ...regions.values()].map((server) => server.close()));
      await Promise.all(services.map((service) => service.stop()));
    },
  };
}
