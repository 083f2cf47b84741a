import { listen } from '../shared/http/listen.ts';
import { stopOnSignals } from '../shared/http/stop-on-signals.ts';
import { createLogger } from '../shared/logging/logger.ts';
import { readGatewayConfig } from './config.ts';
import { createGatewayServer } from './gateway-server.ts';

/** `npm run serve:gateway`: the gateway as its own process (PORT, NATIONAL_URL, REGION_URLS, SUPERGRAPH_FILE). */
// A service on a network: callers are rate-limited unless RATE_LIMIT=off.
const config = readGatewayConfig(process.env, { rateLimit: true });
const logger = createLogger('gateway');
const gateway = await createGatewayServer(config, logger);
const running = await listen(gateway.app, config.port, config.host);
logger.info(
  { port: running.port, regions: [...config.regionUrls.keys()], limits: config.limits, rateLimit: config.rateLimit.enabled, operationTimeoutMs: config.operationTimeoutMs },
  `gateway listening: GraphQL IDE at http://localhost:${running.port}/`);

stopOnSignals([() => running.close(), () => gateway.stop()]);
