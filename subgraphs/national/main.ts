import { openDatabase } from '../../shared/database/database.ts';
import { listen } from '../../shared/http/listen.ts';
import { createServiceApp } from '../../shared/http/service-app.ts';
import { stopOnSignals } from '../../shared/http/stop-on-signals.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { readNationalConfig } from './config.ts';
import { createNationalService } from './national-service.ts';

/** `npm run serve:national`: the national subgraph as its own process (PORT, HOST, SUBGRAPH_SECRET, DATABASE_URL). */
const config = readNationalConfig();
const logger = createLogger('national');
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, statementTimeoutMs: config.statementTimeoutMs });
const service = await createNationalService({ database, logger, regions: config.regions, subgraphSecret: config.subgraphSecret, limits: config.limits });
const app = createServiceApp(logger, (routes) => {
  routes.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  routes.use('/graphql', ...service.handler);
});
const running = await listen(app, config.port, config.host);
logger.info({ port: running.port, host: config.host, signed: Boolean(config.subgraphSecret), engine: database.engine }, 'national subgraph listening');

stopOnSignals([() => running.close(), () => service.stop(), () => database.close()]);
