import express from 'express';
import { openDatabase } from '../../shared/database/database.ts';
import { listen } from '../../shared/http/listen.ts';
import { stopOnSignals } from '../../shared/http/stop-on-signals.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { readNationalConfig } from './config.ts';
import { createNationalService } from './national-service.ts';

/** `npm run serve:national`: the national subgraph as its own process (PORT, DATABASE_URL). */
const config = readNationalConfig();
const logger = createLogger('national');
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const service = await createNationalService({ database, logger, regions: config.regions });
const app = express();
app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
app.use('/graphql', ...service.handler);
const running = await listen(app, config.port, '0.0.0.0');
logger.info({ port: running.port, engine: database.engine }, 'national subgraph listening');

stopOnSignals([() => running.close(), () => service.stop(), () => database.close()]);
