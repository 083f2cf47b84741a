import express from 'express';
import { openDatabase } from '../../shared/database/database.ts';
import { listen } from '../../shared/http/listen.ts';
import { stopOnSignals } from '../../shared/http/stop-on-signals.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { readRegionalConfig } from './config.ts';
import { createRegionalService } from './regional-service.ts';

/** `npm run serve:regional`: one region's subgraph as its own process (REGION, PORT, DATABASE_URL). */
const config = readRegionalConfig();
const logger = createLogger(`regional-${config.region}`);
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const service = await createRegionalService({ region: config.region, database, logger });
const app = express();
app.get('/health', (_req, res) => void res.json({ status: 'ok', region: config.region }));
app.use('/graphql', ...service.handler);
const running = await listen(app, config.port, '0.0.0.0');
logger.info({ port: running.port, engine: database.engine }, `regional subgraph ${config.region} listening`);

stopOnSignals([() => running.close(), () => service.stop(), () => database.close()]);
