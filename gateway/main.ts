import { createHttpServer, exitIfPortInUse, listen } from '../shared/http/listen.ts';
import { readShutdownGraceMs, stopOnSignals } from '../shared/http/stop-on-signals.ts';
import { createLogger } from '../shared/logging/logger.ts';
import { readGatewayConfig } from './config.ts';
import { createGatewayServer, type GatewayServer } from './gateway-server.ts';
import { checkHeapBudget } from './heap-budget.ts';

/**
 * `npm run serve:gateway`: the gateway as its own process (PORT, NATIONAL_URL, REGION_URLS, SUPERGRAPH_FILE,
 * SHUTDOWN_GRACE_MS). On SIGTERM or SIGINT it stops accepting, lets requests in flight (exports included)
 * finish within the grace, and exits 0.
 */
// A service on a network: callers are rate-limited unless RATE_LIMIT=off.
const config = readGatewayConfig(process.env, { rateLimit: true });
checkHeapBudget(config);
const graceMs = readShutdownGraceMs();
const logger = createLogger('gateway');
let gateway: GatewayServer | undefined;
// Stopping the gateway drains its HTTP server first (Apollo's drain plugin), then closes caches and sockets.
const stopping = stopOnSignals([async () => gateway?.stop()], undefined, { logger, graceMs });
const httpServer = createHttpServer();
gateway = await createGatewayServer(config, logger, { httpServer, shutdownGraceMs: graceMs, stopping });
httpServer.on('request', gateway.listener);
const running = await listen(httpServer, config.port, config.host).catch(exitIfPortInUse);
logger.info(
  {
    port: running.port,
    regions: Object.fromEntries(
      [...config.shardedSubgraphs].map(([subgraph, sharded]) => [subgraph, [...sharded.regionUrls.keys()]]),
    ),
    limits: config.limits,
    rateLimit: config.rateLimit.enabled,
    operationTimeoutMs: config.operationTimeoutMs,
  },
  `gateway listening: GraphQL IDE at http://localhost:${running.port}/`,
);
