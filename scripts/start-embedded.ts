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
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { describeAuthentication } from '../gateway/auth/authenticate.ts';
import { readGatewayConfig } from '../gateway/config.ts';
import { createGatewayServer } from '../gateway/gateway-server.ts';
import { openDatabase, type DatabaseHandle } from '../shared/database/database.ts';
import { assertPortFree, createHttpServer, exitIfPortInUse, listen } from '../shared/http/listen.ts';
import { mountProbes } from '../shared/http/probes.ts';
import { createServiceApp } from '../shared/http/service-app.ts';
import { readShutdownGraceMs, stopOnSignals } from '../shared/http/stop-on-signals.ts';
import { createLogger } from '../shared/logging/logger.ts';
import { REGION_CODES } from '../shared/regions/region-codes.ts';
import { createNationalService } from '../subgraphs/national/national-service.ts';
import { createRegionalService } from '../subgraphs/regional/regional-service.ts';
import { buildRegionalSchema } from '../subgraphs/regional/regional-schema.ts';
import { importFiles } from '../ingest/importing/import-files.ts';
import {
  databaseState,
  fingerprintFiles,
  isUnchangedSince,
  readLastImportRecord,
  writeLastImportRecord,
} from '../ingest/importing/last-import-record.ts';
import { runGenerateCommand } from '../ingest/synthetic/run-generate-command.ts';

const { values: flags } = parseArgs({
  options: { demo: { type: 'boolean', default: false }, seed: { type: 'string', default: '1' } },
});
const dataDir = process.env.DATA_DIR || (flags.demo ? '.data/pglite-demo' : '.data/pglite');
const logLevel = process.env.LOG_LEVEL ?? 'warn';
const started = performance.now();
let lastLine = started;
const step = (message: string) => {
  lastLine = performance.now();
  console.log(`[${((lastLine - started) / 1000).toFixed(1)} s] ${message}`);
};
/**
 * Runs `work`, saying every five seconds that it is still running. PGlite's first start (initdb in
 * WebAssembly) blocks this thread for up to a minute on a busy machine, so the ticker runs in a worker
 * thread and writes to stdout itself.
 */
async function saying<T>(doing: string, work: () => Promise<T>): Promise<T> {
  const ticker = new Worker(
    `const { writeSync } = require('node:fs');
     const { doing, startedAt } = require('node:worker_threads').workerData;
     setInterval(() => writeSync(1, '[' + ((Date.now() - startedAt) / 1000).toFixed(1) + ' s] still ' + doing + '…\\n'), 5000);`,
    { eval: true, workerData: { doing, startedAt: Date.now() - (performance.now() - started) } },
  );
  try {
    return await work();
  } finally {
    await ticker.terminate();
    lastLine = performance.now();
  }
}
/** A step of a long loop, printed only when nothing was said for two seconds: a busy machine is never silent for long. */
const stepIfQuiet = (message: string) => {
  if (performance.now() - lastLine >= 2000) step(message);
};

const jsonFilesIn = (directory: string) =>
  readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(directory, name));

/** The documents' plan files, and in demo mode the synthetic files of the seed (generated when missing). */
function dataFiles(): string[] {
  const files = jsonFilesIn('data/plans');
  if (!flags.demo) return files;
  const directory = `data/synthetic/seed-${flags.seed}`;
  step(`generating synthetic demo data (seed ${flags.seed}) in ${directory}`);
  if (runGenerateCommand(['--seed', flags.seed!, '--out', directory], () => {}) !== 0)
    throw new Error('generating the demo data failed');
  return [...files, ...jsonFilesIn(directory)];
}

// A new secret at every start: the gateway signs its subgraph requests with it and the subgraphs answer no
// others, so that nothing else on this machine can call the loopback subgraph port directly.
const subgraphSecret = randomBytes(32).toString('hex');

async function startSubgraphs(database: DatabaseHandle) {
  const national = await createNationalService({
    database,
    logger: createLogger('national', logLevel),
    subgraphSecret,
  });
  const schema = buildRegionalSchema();
  const logger = createLogger('regional', logLevel);
  step('national service prepared; preparing the regional services (a schema and migrations each)');
  const regional = new Map<string, Awaited<ReturnType<typeof createRegionalService>>>();
  for (const region of REGION_CODES) {
    regional.set(region, await createRegionalService({ region, database, logger, schema, subgraphSecret }));
    stepIfQuiet(`prepared regional service ${region} (${regional.size}/${REGION_CODES.length})`);
  }
  step(`prepared the national service and ${regional.size} regional services (${REGION_CODES.join(', ')})`);

  const app = createServiceApp(logger, (routes) => {
    // What the gateway's /health and /ready ask of the subgraphs: here, whether the one PGlite answers.
    mountProbes(routes, { ready: () => database.ping() });
    routes.use('/national/graphql', ...national.handler);
    for (const [region, service] of regional) routes.use(`/regions/${region}/graphql`, ...service.handler);
  });
  const server = await listen(app, Number(process.env.SUBGRAPHS_PORT ?? 0), '127.0.0.1', 'SUBGRAPHS_PORT').catch(
    exitIfPortInUse,
  );
  return { server, services: [national, ...regional.values()] };
}

/**
 * Imports the files, unless the same files went into this database at the last start and nothing was
 * imported since (see last-import-record.ts); returns how many plans the files hold.
 */
async function importUnlessUnchanged(files: string[]): Promise<number> {
  const recordPath = `${dataDir}.last-import.json`;
  const fingerprints = fingerprintFiles(files);
  const last = readLastImportRecord(recordPath);
  const before = await databaseState(database);
  if (isUnchangedSince(last, { ...before, files: fingerprints })) {
    step(
      `the ${files.length} data files are those of the last start and nothing was imported since (data version ${before.dataVersion}): not imported again`,
    );
    return last.plans;
  }
  const imported = await importFiles(database, files, {
    onProgress: (result, index, total) => {
      // Every file when there are few; every twentieth and the last when a demo brings 150 of them.
      const line = `imported ${index + 1}/${total}: ${result.region} ${result.year} ${result.kind} ${result.outcome} (${result.file})`;
      if (total <= 10 || (index + 1) % 20 === 0 || index === total - 1) step(line);
      else stepIfQuiet(line);
    },
  });
  const plans = imported.filter((result) => result.kind === 'plan').length;
  writeLastImportRecord(recordPath, { ...(await databaseState(database)), files: fingerprints, plans });
  return plans;
}

// A taken port fails now, in one line, not after the start-up below.
await assertPortFree(
  readGatewayConfig({ ...process.env, AUTH_MODE: 'off' }).port,
  process.env.HOST || '127.0.0.1',
).catch(exitIfPortInUse);
step(
  `opening embedded PostgreSQL (PGlite) in ${dataDir} (the first run creates it: 10-20 s, up to a minute on a busy machine)`,
);
const database = await saying('opening embedded PostgreSQL', () => openDatabase({ dataDir }));
step('embedded PostgreSQL open; preparing the national service (migrations, reference data)');
const subgraphs = await startSubgraphs(database);

const files = dataFiles();
const plans = await importUnlessUnchanged(files);
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
httpServer.on('request', gateway.app);
if (config.auth.mode !== 'off') step(describeAuthentication(config.auth));
const running = await listen(httpServer, config.port, config.host).catch(exitIfPortInUse);
step(
  `ready: ${plans} plans${flags.demo ? ' (documents + synthetic demo data)' : ''}; GraphQL IDE at http://localhost:${running.port}/ , GraphQL at http://localhost:${running.port}/graphql`,
);

// The gateway drains first (its requests in flight still need the subgraphs), then the subgraphs, then PGlite.
stopSteps.push(
  () => gateway.stop(),
  () => subgraphs.server.drain(graceMs),
  () => Promise.all(subgraphs.services.map((service) => service.stop())),
  () => database.close(),
);
