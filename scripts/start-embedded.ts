/**
 * `npm start`: the whole graph in one process on embedded PostgreSQL (PGlite): one data directory,
 * a schema per region; the national service, all 14 regional services and the gateway. The subgraphs
 * listen on a private loopback port and the gateway calls them over HTTP, exactly as in production.
 *
 * `npm start -- --demo [--seed N]` (or `npm run demo`) also generates synthetic plans, realisations and
 * staff figures for every region and 2020–2025, and serves them from a separate data directory, so that
 * demo data never mixes with the documents' data. Every synthetic figure says so (kind SYNTHETIC).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { describeAuthentication } from '../gateway/auth/authenticate.ts';
import { readGatewayConfig } from '../gateway/config.ts';
import { createGatewayServer } from '../gateway/gateway-server.ts';
import { importUnlessUnchanged } from '../ingest/importing/import-unless-unchanged.ts';
import { dataFilesToServe } from '../ingest/synthetic/demo-data-files.ts';
import { openDatabase } from '../shared/database/database.ts';
import { assertPortFree, createHttpServer, exitIfPortInUse, listen } from '../shared/http/listen.ts';
import { readShutdownGraceMs, stopOnSignals } from '../shared/http/stop-on-signals.ts';
import { createLogger } from '../shared/logging/logger.ts';
import { createStartupProgress } from '../shared/logging/startup-progress.ts';
import { REGION_CODES } from '../shared/regions/region-codes.ts';
import { startEmbeddedSubgraphs } from '../subgraphs/embedded-subgraphs.ts';

const { values: flags } = parseArgs({
  options: { demo: { type: 'boolean', default: false }, seed: { type: 'string', default: '1' } },
});
const dataDir = process.env.DATA_DIR || (flags.demo ? '.data/pglite-demo' : '.data/pglite');
const logLevel = process.env.LOG_LEVEL ?? 'warn';
const progress = createStartupProgress(console.log);
const { step } = progress;

// A new secret at every start: the gateway signs its subgraph requests with it and the subgraphs answer no
// others, so that nothing else on this machine can call the loopback subgraph port directly.
const subgraphSecret = randomBytes(32).toString('hex');

// A taken port fails now, in one line, not after the start-up below.
await assertPortFree(
  readGatewayConfig({ ...process.env, AUTH_MODE: 'off' }).port,
  process.env.HOST || '127.0.0.1',
).catch(exitIfPortInUse);
step(
  `opening embedded PostgreSQL (PGlite) in ${dataDir} (the first run creates it: 10-20 s, ` +
    'up to a minute on a busy machine)',
);
const database = await progress.saying('opening embedded PostgreSQL', () => openDatabase({ dataDir }));
step('embedded PostgreSQL open; preparing the national service (migrations, reference data)');
const subgraphs = await startEmbeddedSubgraphs({
  database,
  logLevel,
  subgraphSecret,
  port: Number(process.env.SUBGRAPHS_PORT ?? 0),
  progress,
});

const files = dataFilesToServe(flags.demo ? flags.seed : undefined, step);
const plans = await importUnlessUnchanged(database, files, `${dataDir}.last-import.json`, progress);
// One command with no set-up: no credentials asked unless AUTH_MODE says so, and reachable from this machine only.
const config = readGatewayConfig({
  ...process.env,
  AUTH_MODE: process.env.AUTH_MODE || 'off',
  HOST: process.env.HOST || '127.0.0.1',
  SUBGRAPH_SECRET: subgraphSecret,
  NATIONAL_URL: `${subgraphs.server.url}/national/graphql`,
  REGION_URLS: REGION_CODES.map((region) => `${region}=${subgraphs.server.url}/regions/${region}/graphql`).join(','),
});
const graceMs = readShutdownGraceMs();
const httpServer = createHttpServer();
const stopSteps: Array<() => Promise<unknown>> = [];
const stopping = stopOnSignals(stopSteps, () => step('stopping: finishing requests in flight'), { graceMs });
// /live and /ready on the gateway's port: ready once national has answered.
const gateway = await createGatewayServer(config, createLogger('gateway', logLevel), {
  httpServer,
  shutdownGraceMs: graceMs,
  stopping,
});
httpServer.on('request', gateway.listener);
if (config.auth.mode !== 'off') step(describeAuthentication(config.auth));
const running = await listen(httpServer, config.port, config.host).catch(exitIfPortInUse);
step(
  `ready: ${plans} plans${flags.demo ? ' (documents + synthetic demo data)' : ''}; ` +
    `GraphQL IDE at http://localhost:${running.port}/ , GraphQL at http://localhost:${running.port}/graphql`,
);

// The gateway drains first (its requests in flight still need the subgraphs), then the subgraphs, then PGlite.
stopSteps.push(
  () => gateway.stop(),
  () => subgraphs.server.drain(graceMs),
  () => Promise.all(subgraphs.services.map((service) => service.stop())),
  () => database.close(),
);
