/**
 * S5, fan-out scale: one S2-shaped compareIndicator across 14, 50 and 200 regional shards. The 14 offices
 * and 186 synthetic shards (SYNTHETIC_SHARDS=186: XV … CC, flagged synthetic, SYNTHETIC data only) are
 * served by a few regional processes (REGIONS=…, each shard on its own port and schema), behind their own
 * national service and gateway; each run asks over the first N shards.
 */
import { join } from 'node:path';
import { DEFAULT_OPERATION_LIMITS } from '../gateway/limits/operation-limits.ts';
import { createKnownRegions } from '../shared/regions/known-regions.ts';
import { analyzeDatabase, jsonFilesIn } from './bench-data.ts';
import {
  COMPARE_INDICATOR_QUERY,
  compareIndicatorBody,
  FAN_OUT_SHARD_COUNTS,
  FAN_OUT_YEAR,
  fanOutVariables,
} from './bench-queries.ts';
import { expectAnswer, loadAndMeasure, type OwnTopologyPhase } from './bench-scenarios.ts';
import { dearestPrice } from './bench-security.ts';
import { startFanOutFront, startShardHosts } from './bench-topology.ts';
import { loadWithAutocannon } from './load-with-autocannon.ts';
import type { Measurement } from './measure-phase.ts';

/** 200 shards: the 14 offices and 186 synthetic ones. */
export const FAN_OUT_SYNTHETIC_SHARDS = Math.max(...FAN_OUT_SHARD_COUNTS) - 14;
/** Regional processes hosting the 200 shards (25 each). */
export const FAN_OUT_HOSTS = 8;
/**
 * Connections of every S5 run, the same at every shard count so that p50 compares: one per core. Fewer
 * than S2's 14: at 200 shards one question costs seconds of CPU (200 regional requests of about 10 ms
 * each), so 14 at once, or even 4, queue regional requests past the gateway's 10 s region timeout and
 * leave a 10 s window with hardly an answer: that measures the queue, not the fan-out.
 */
export const FAN_OUT_CONNECTIONS = 2;

export interface FanOutData {
  shards: number;
  syntheticShards: number;
  hosts: number;
  /** Seconds until every shard host answered: each creates (migrates) its shards' schemas. */
  hostsReadySeconds: number;
  files: number;
  generateSeconds: number;
  importSeconds: number;
  /**
   * The price of the dearest question at the most shards, as the gateway computes it, and the default
   * LIMIT_COST it is measured against (the S5 gateway runs with its limits out of the way regardless).
   */
  dearestPrice: number;
  defaultCostLimit: number;
}

export interface FanOutResult {
  data: FanOutData;
  measurements: Measurement[];
}

/**
 * Starts the shard hosts (which create the 200 schemas in parallel), generates and imports the synthetic
 * shards' year, starts national and the gateway, checks one answer per shard count, primes, then measures
 * a run per shard count. The 14 offices' data must already be in the database (the S1–S4 demo data).
 */
export async function runFanOutScenario(input: OwnTopologyPhase & { runDirectory: string }): Promise<FanOutResult> {
  const { children, runDirectory, databaseUrl, poolMax, subgraphSecret, log } = input;
  const known = createKnownRegions(FAN_OUT_SYNTHETIC_SHARDS);
  const syntheticEnv = { SYNTHETIC_SHARDS: String(FAN_OUT_SYNTHETIC_SHARDS) };

  log(
    `S5: starting ${FAN_OUT_HOSTS} regional processes for ${known.codes.length} shards (I … ` +
      `${known.codes.at(-1)}, ${known.syntheticCodes.length} synthetic), each creating its shards' schemas`,
  );
  let started = performance.now();
  const shards = await startShardHosts(
    children,
    databaseUrl,
    poolMax,
    known.codes,
    FAN_OUT_SYNTHETIC_SHARDS,
    FAN_OUT_HOSTS,
    subgraphSecret,
  );
  const hostsReadySeconds = (performance.now() - started) / 1000;

  const directory = join(runDirectory, 'synthetic-shards');
  started = performance.now();
  await children.run(
    'generate-s5',
    'npm',
    [
      'run',
      'generate',
      '--',
      '--seed',
      '1',
      '--out',
      directory,
      '--years',
      String(FAN_OUT_YEAR),
      '--regions',
      known.syntheticCodes.join(','),
    ],
    syntheticEnv,
  );
  const generateSeconds = (performance.now() - started) / 1000;
  const files = jsonFilesIn(directory);
  started = performance.now();
  await children.run('import-s5', 'npm', ['run', 'import', '--', ...files], {
    DATABASE_URL: databaseUrl,
    NATIONAL_DATABASE_URL: '',
    SCHEMA_PREFIX: '',
    ...syntheticEnv,
  });
  await analyzeDatabase(databaseUrl);
  const importSeconds = (performance.now() - started) / 1000;
  log(
    `S5: ${files.length} files of the synthetic shards (${FAN_OUT_YEAR}) generated in ` +
      `${generateSeconds.toFixed(1)} s, imported in ${importSeconds.toFixed(1)} s; ` +
      `the hosts were ready in ${hostsReadySeconds.toFixed(1)} s`,
  );

  const topology = await startFanOutFront(
    children,
    databaseUrl,
    poolMax,
    FAN_OUT_SYNTHETIC_SHARDS,
    shards,
    subgraphSecret,
  );
  log(`S5: gateway ${topology.gateway.origin} over ${topology.shardOrigins.size} shards`);
  const questions = new Map<number, ReturnType<typeof fanOutVariables>>(
    FAN_OUT_SHARD_COUNTS.map((count) => [count, fanOutVariables(known.codes.slice(0, count))] as const),
  );
  const mostShards = Math.max(...FAN_OUT_SHARD_COUNTS);
  const price = dearestPrice(COMPARE_INDICATOR_QUERY, questions.get(mostShards)!);
  log(
    `S5: the dearest question at ${mostShards} shards is priced ${price} (default LIMIT_COST ` +
      `${DEFAULT_OPERATION_LIMITS.cost})`,
  );
  for (const [count, variables] of questions) {
    const sample = variables[0]!;
    await expectAnswer(`S5 over ${count} shards`, topology.gateway.origin, compareIndicatorBody(sample), (data) => {
      const rows = data?.compareIndicator?.rows;
      if (rows?.length !== count) return `expected ${count} rows (one per shard); got ${rows?.length}`;
      if (!rows.some((row: any) => row.target !== null))
        return 'expected some rows with a target; every target is null';
      const wrongKind = rows.find(
        (row: any) => known.isSynthetic(row.region.code) && row.kind !== null && row.kind !== 'SYNTHETIC',
      );
      if (wrongKind) {
        const { region, kind } = wrongKind;
        return `expected every synthetic shard's figures to be SYNTHETIC; ${region.code} has ${kind}`;
      }
      return data.compareIndicator.summary ? undefined : 'expected a summary';
    });
  }

  const bodiesOf = (count: number) =>
    new Map([
      [
        topology.gateway.port,
        questions.get(count)!.map((variables) => JSON.stringify(compareIndicatorBody(variables))),
      ],
    ]);
  const connections = FAN_OUT_CONNECTIONS;
  if (input.settings.primeS > 0) {
    log(
      `S5: priming the new processes (JIT warm-up): ${FAN_OUT_SHARD_COUNTS.length} loads of ${input.settings.primeS} s`,
    );
    for (const count of FAN_OUT_SHARD_COUNTS)
      await loadWithAutocannon({
        urls: [topology.gateway.origin],
        bodiesByPort: bodiesOf(count),
        connections,
        warmupS: 0,
        durationS: input.settings.primeS,
      });
  }
  const context = { topology, settings: input.settings, database: input.database, log };
  const measurements: Measurement[] = [];
  for (const count of FAN_OUT_SHARD_COUNTS) {
    const bodies = bodiesOf(count).get(topology.gateway.port)!;
    const started = performance.now();
    await askEachOnce(topology.gateway.origin, bodies, connections);
    log(
      `S5: asked each of the ${bodies.length} questions over ${count} shards once, to fill the entity cache, in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    measurements.push(
      await loadAndMeasure(
        context,
        {
          scenario: 'S5',
          run: `${count} shards`,
          target:
            `compareIndicator(indicator, regions: ${count} shards in 6 orders, years: [${FAN_OUT_YEAR}], ` +
            `kinds){ rows summary }: 14 indicators; ${FAN_OUT_HOSTS} regional processes host the 200 shards; ` +
            'the gateway with its entity cache on (the default)',
        },
        topology.gateway,
        { urls: [topology.gateway.origin], bodiesByPort: bodiesOf(count), connections },
        { gatewayCounters: true },
      ),
    );
  }
  return {
    data: {
      shards: known.codes.length,
      syntheticShards: known.syntheticCodes.length,
      hosts: topology.hosts.length,
      hostsReadySeconds,
      files: files.length,
      generateSeconds,
      importSeconds,
      dearestPrice: price,
      defaultCostLimit: DEFAULT_OPERATION_LIMITS.cost,
    },
    measurements,
  };
}

/**
 * Asks each question once, `connections` at a time, so that every S5 run starts with every cell of its
 * questions in the gateway's entity cache, as far as it holds them: the state between two imports. Without it the
 * priming had cached all of the 14-shard run's cells and half of the 200-shard run's, and p50(200) ÷ p50(14)
 * compared a cold cache with a warm one. The answers are not checked here (the run counts its errors).
 */
async function askEachOnce(origin: string, bodies: readonly string[], connections: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const response = await fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(60_000),
      }).catch(() => undefined);
      await response?.text();
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
}
