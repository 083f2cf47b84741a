import { listen } from '../shared/http/listen.ts';
import { stopOnSignals } from '../shared/http/stop-on-signals.ts';
import { createLogger } from '../shared/logging/logger.ts';
import { readGatewayConfig } from './config.ts';
import { createGatewayServer } from './gateway-server.ts';

/** `npm run serve:gateway`: the gateway as its own process (PORT, NATIONAL_URL, REGION_URLS, SUPERGRAPH_FILE). */
const config = readGatewayConfig();
const logger = createLogger('gateway');
const gateway = await createGatewayServer(config, logger);
const running = await listen(gateway.app, config.port, config.host);
logger.info({ port: running.port, regions: [...config.regionUrls.keys()] }, `gateway listening: GraphQL IDE at http://localhost:${running.port}/`);

stopOnSignals([() => running.close(), () => gateway.stop()]);
