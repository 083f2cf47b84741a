/**
 * `npm start`: the whole graph in one process on embedded PostgreSQL (PGlite): one data directory,
 * a schema per region; the national service, all 14 regional services and the gateway. The subgraphs
 * listen on a private loopback port and the gateway calls them over HTTP, exactly as in production.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import { readGatewayConfig } from '../gateway/config.ts';
import { createGatewayServer } from '../gateway/gateway-server.ts';
import { openDatabase } from '../shared/database/database.ts';
import { listen } from '../shared/http/listen.ts';
import { createLogger } from '../shared/logging/logger.ts';
import { REGION_CODES } from '../shared/regions/region-codes.ts';
import { createNationalService } from '../subgraphs/national/national-service.ts';
import { createRegionalService } from '../subgraphs/regional/regional-service.ts';
import { buildRegionalSchema } from '../subgraphs/regional/regional-schema.ts';
import { importFiles } from './importing/import-files.ts';

const PLANS_DIR = 'data/plans';
const dataDir = process.env.DATA_DIR || '.data/pglite';
const logLevel = process.env.LOG_LEVEL ?? 'warn';
const started = performance.now();
const step = (message: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}`);

step(`opening embedded PostgreSQL (PGlite) in ${dataDir} (the first run creates it, which takes 10-20 s)`);
const database = await openDatabase({ dataDir });

step('preparing the national service (region directory, indicator catalogue)');
const national = await createNationalService({ database, logger: createLogger('national', logLevel) });

const regionalSchema = buildRegionalSchema();
const regionalLogger = createLogger('regional', logLevel);
const regional = new Map<string, Awaited<ReturnType<typeof createRegionalService>>>();
for (const region of REGION_CODES) {
  regional.set(region, await createRegionalService({ region, database, logger: regionalLogger, schema: regionalSchema }));
}
step(`prepared ${regional.size} regional services (${REGION_CODES.join(', ')})`);

const planFiles = readdirSync(PLANS_DIR).filter((name) => name.endsWith('.plan.json')).sort().map((name) => join(PLANS_DIR, name));
const loaded = await importFiles(database, planFiles, {
  onProgress: (plan, index, total) => step(`${plan.kind} ${index + 1}/${total}: ${plan.region} ${plan.year} ${plan.outcome} (${plan.file})`),
});

const subgraphApp = express();
subgraphApp.use('/national/graphql', ...national.handler);
for (const [region, service] of regional) subgraphApp.use(`/regions/${region}/graphql`, ...service.handler);
const subgraphs = await listen(subgraphApp, Number(process.env.SUBGRAPHS_PORT ?? 0), '127.0.0.1');

const config = readGatewayConfig({
  ...process.env,
  NATIONAL_URL: `${subgraphs.url}/national/graphql`,
  REGION_URLS: REGION_CODES.map((region) => `${region}=${subgraphs.url}/regions/${region}/graphql`).join(','),
});
const gateway = await createGatewayServer(config, createLogger('gateway', logLevel));
const running = await listen(gateway.app, config.port, config.host);
step(`ready: ${loaded.length} plans served; GraphQL IDE at http://localhost:${running.port}/ , GraphQL at http://localhost:${running.port}/graphql`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    step('stopping');
    await running.close();
    await gateway.stop();
    await subgraphs.close();
    await Promise.all([national, ...regional.values()].map((service) => service.stop()));
    await database.close();
    process.exit(0);
  });
}
