import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseUrlOf, loadBenchData, recreateDatabase, SERVICE_POOL_MAX, shareConnections } from './bench-data.ts';
import type { BenchOptions } from './bench-options.ts';
import { formatReport, peakRssByProcess, writeReport, type BenchReport } from './bench-report.ts';
import {
  COMPARE_BUDGET_SCENARIO,
  COMPARE_INDICATOR_SCENARIO,
  primeTopology,
  runComparisonScenario,
  runRegionPlanScenario,
  type OwnTopologyPhase,
  type ScenarioContext,
} from './bench-scenarios.ts';
import {
  BENCH_ANALYST_POINTS_PER_MINUTE,
  createBenchCaller,
  createBenchSubgraphSecret,
  maxPointsPerMinute,
  measureInProcessSecurityCost,
  securityOverheads,
} from './bench-security.ts';
import { evaluateTargets } from './bench-targets.ts';
import { SECURE_GATEWAY_NAME, startBenchTopology } from './bench-topology.ts';
import { runCacheScenario } from './cache-scenario.ts';
import { runExportScenario } from './export-scenario.ts';
import { FAN_OUT_HOSTS, runFanOutScenario } from './fan-out-scenario.ts';
import { runOneHostScenario } from './one-host-scenario.ts';
import { ChildProcesses } from './child-processes.ts';
import { buildServicesForBench } from './compiled-services.ts';
import { measureBusyShare, readMachineInfo } from './machine-info.ts';
import { measureEmbeddedStartup } from './startup-time.ts';

/**
 * The whole bench: a fresh database with the demo data, the production topology as separate processes,
 * each scenario's runs, `npm start` timed, then the table and the JSON report. Every process it starts is
 * stopped at the end, on an error, and on Ctrl-C (SIGINT) or SIGTERM.
 */
export async function runBench(options: BenchOptions, command: string): Promise<{ report: BenchReport; ok: boolean }> {
  const runDirectory = mkdtempSync(join(tmpdir(), 'bkn-bench-'));
  mkdirSync(join(runDirectory, 'logs'));
  const profile = { directory: join(runDirectory, 'profiles'), processes: options.cpuProfile };
  const started = performance.now();
  const log = (line: string) =>
    console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  log('compiling the services as the image does (scripts/build.mjs)');
  const build = buildServicesForBench();
  log(`  ${build.output.split('\n')[0]}`);
  const children = new ChildProcesses(join(runDirectory, 'logs'), build.directory, profile);

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping every process the bench started`);
    void children.stopAll().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const onExit = () => children.killAllNow();
  process.on('exit', onExit);

  const selected: ReadonlySet<string> = new Set(options.scenarios);
  const report: BenchReport = {
    date: new Date().toISOString(),
    command,
    machine: readMachineInfo(),
    settings: {
      connections: options.connections,
      durationS: options.durationS,
      warmupS: options.warmupS,
      primeS: options.primeS,
      busyRetries: options.busyRetries,
      turnLength: options.turnLength,
      scenarios: [...options.scenarios],
    },
    measurements: [],
    targets: [],
    peakRssMb: {},
  };
  log(`run directory (logs of every process): ${runDirectory}`);
  try {
    report.machine.busyBeforeShare = await measureBusyShare();
    if (report.machine.busyBeforeShare > 0.15)
      log(
        `the machine is ${(report.machine.busyBeforeShare * 100).toFixed(0)}% busy with other work before the ` +
          'bench starts: the figures will be noisy',
      );
    const databaseUrl = databaseUrlOf(options.serverUrl, options.database);
    // Production-like: every subgraph answers only signed requests; a new secret per run, never written out.
    const subgraphSecret = createBenchSubgraphSecret();
    const settings = {
      connections: options.connections,
      durationS: options.durationS,
      warmupS: options.warmupS,
      primeS: options.primeS,
      busyRetries: options.busyRetries,
      turnLength: options.turnLength,
    };
    if (['S1', 'S2', 'S3', 'S4', 'S5', 'one-host', 'export'].some((scenario) => selected.has(scenario))) {
      log(`recreating database ${options.database}`);
      report.machine.postgres = await recreateDatabase(options.serverUrl, options.database);
      log('generating the synthetic demo data (seed 1) and importing it with the documents’ plans');
      report.data = await loadBenchData(children, runDirectory, databaseUrl);
      log(`imported ${report.data.files} files in ${report.data.importSeconds.toFixed(1)} s`);
    }
    if (['S1', 'S2', 'S3', 'S4', 'export'].some((scenario) => selected.has(scenario))) {
      log('starting national, 14 regions, the gateway and the monolith');
      report.connectionBudget = await shareConnections(options.serverUrl, 15);
      if (report.connectionBudget.poolMaxPerService < SERVICE_POOL_MAX) {
        log(
          `PostgreSQL allows ${report.connectionBudget.maxConnections} connections ` +
            `(${report.connectionBudget.inUse} in use): each subgraph's pool is capped at ` +
            `${report.connectionBudget.poolMaxPerService} instead of ${SERVICE_POOL_MAX}`,
        );
      }
      // S1 measures what the security adds through a second gateway with all of it on.
      const secureCaller = selected.has('S1') ? createBenchCaller(runDirectory) : undefined;
      if (selected.has('S1')) {
        log('measuring signing, verification and admission of one S1 request in this process');
        const inProcess = measureInProcessSecurityCost();
        report.security = { inProcess, analystPointsPerMinute: BENCH_ANALYST_POINTS_PER_MINUTE };
        log(
          `  sign ${inProcess.signUs.toFixed(1)} µs, verify ${inProcess.verifyUs.toFixed(1)} µs, ` +
            `admit ${inProcess.admitUs.regionPlan.toFixed(1)} / ${inProcess.admitUs.planRoot.toFixed(1)} µs`,
        );
      }
      // Issue 13: S1–S3 again through a gateway with its entity cache on; every other gateway has it off.
      const entityCacheGateway = ['S1', 'S2', 'S3'].some((scenario) => selected.has(scenario));
      const topology = await startBenchTopology(
        children,
        databaseUrl,
        report.connectionBudget.poolMaxPerService,
        { subgraphSecret, ...(secureCaller ? { secureCaller } : {}) },
        // S2 and S3 also on a monolith that coalesces as the gateway does: not the reference, beside it.
        { entityCacheGateway, coalescingMonolith: ['S2', 'S3'].some((scenario) => selected.has(scenario)) },
      );
      const { gateway, secureGateway, controlGateway, monolith } = topology;
      const inTurns =
        secureGateway && controlGateway
          ? `, gateways with security on ${secureGateway.origin} and off (control) ${controlGateway.origin}`
          : '';
      const cached = topology.entityCacheGateway
        ? `, gateway with its entity cache on ${topology.entityCacheGateway.origin}`
        : '';
      log(
        `topology up: gateway ${gateway.origin} (pid ${gateway.pid}, entity cache off)${inTurns}${cached}, ` +
          `monolith ${monolith.origin}`,
      );
      const context: ScenarioContext = { topology, children, settings, database: options.database, log };
      if (options.primeS > 0) await primeTopology(context, options.primeS);
      if (selected.has('S1')) report.measurements.push(...(await runRegionPlanScenario(context)));
      if (selected.has('S2'))
        report.measurements.push(...(await runComparisonScenario(context, COMPARE_INDICATOR_SCENARIO)));
      if (selected.has('S3'))
        report.measurements.push(...(await runComparisonScenario(context, COMPARE_BUDGET_SCENARIO)));
      // Before S4, which imports a changed plan (and so moves the data version the export's tag is made of).
      if (selected.has('export')) report.exports = await runExportScenario(context);
      // Last: its invalidation check imports a changed plan.
      if (selected.has('S4')) {
        report.cache = await runCacheScenario(context, runDirectory, databaseUrl);
        if (report.cache.available) report.measurements.push(...report.cache.measurements);
        else log(`S4 not available: ${report.cache.reason}`);
      }
      log('stopping the topology');
      await children.stopAll();
    }
    const ownTopology = async (services: number): Promise<OwnTopologyPhase> => ({
      children,
      databaseUrl,
      database: options.database,
      poolMax: (await shareConnections(options.serverUrl, services)).poolMaxPerService,
      settings,
      subgraphSecret,
      log,
    });
    // Its own topology (the regions in one process), after S1–S4's is stopped: its gateway and monolith run with
    // only their own processes beside them, as the main phase's do. The same pool cap as the main phase's services.
    if (selected.has('one-host')) {
      report.measurements.push(...(await runOneHostScenario(await ownTopology(15))));
      log('stopping the one-host topology');
      await children.stopAll();
    }
    // Its own topology (200 shards in a few processes), after S1–S4's is stopped, on the same demo data.
    if (selected.has('S5')) {
      const fanOut = await runFanOutScenario({ ...(await ownTopology(FAN_OUT_HOSTS + 1)), runDirectory });
      report.fanOut = fanOut.data;
      report.measurements.push(...fanOut.measurements);
      log('stopping the S5 topology');
      await children.stopAll();
    }
    if (selected.has('start')) {
      log('timing `npm start` twice on a new embedded data directory');
      report.startup = await measureEmbeddedStartup(children, runDirectory, options.busyRetries);
      log(
        `npm start: first ${report.startup.firstStartS.toFixed(1)} s, second ` +
          `${report.startup.secondStartS.toFixed(1)} s (${(report.startup.otherLoadShare * 100).toFixed(0)}% of ` +
          'the machine busy with other work meanwhile)',
      );
    }
  } catch (error) {
    report.failure = stopping ? 'stopped by a signal' : ((error as Error).stack ?? String(error));
    if (!stopping) log(`failed: ${(error as Error).message}`);
  } finally {
    await children.stopAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
  }

  if (report.security) {
    report.security.overheads = securityOverheads(report.measurements, report.security);
    report.security.maxPointsPerMinute = maxPointsPerMinute(
      report.measurements,
      SECURE_GATEWAY_NAME,
      report.security.inProcess.s1Points,
    );
  }
  report.targets = evaluateTargets(report.measurements, report.cache, report.startup, report.security);
  report.peakRssMb = peakRssByProcess(report.measurements);
  writeReport(options.out, report);
  console.log(formatReport(report));
  console.log(`\nJSON: ${options.out}`);
  const ok = report.failure === undefined;
  const clean = report.measurements.every(
    (measurement) => measurement.load.graphqlErrors + measurement.load.failedRequests === 0,
  );
  if (ok && clean && !options.keepRunDirectory) rmSync(runDirectory, { recursive: true, force: true });
  else console.log(`run directory kept: ${runDirectory}`);
  return { report, ok };
}
