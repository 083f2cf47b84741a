/**
 * "one-host": S2 and S3 through a gateway over the 14 regions served by one process (`REGIONS=I,…,XIV`, each
 * region still its own subgraph on its own port and schema), against the monolith beside it.
 *
 * Why: on two cores the per-process cost dominates what the topology spends. The same S3 regional request cost
 * one regional process 2.7 ms of CPU asked back to back and 5.2 ms asked 20 times a second; the same JSON work in a
 * loop cost 30 % more CPU with a 45 ms pause between iterations; a socket write that wakes another process cost
 * about 20 µs back to back and 100 µs after a pause (docs/performance.md, sixteenth pass). With fifteen node
 * processes sharing two cores, every process is cold for most of its requests; the monolith is one warm process.
 * This run keeps the HTTP between the services and changes only how many processes serve the regions, so that
 * the report shows how much of the gap to the monolith is the process count and how much is the code.
 */
import { isDeepStrictEqual } from 'node:util';
import { REGION_CODES } from '../shared/regions/region-codes.ts';
import {
  COMPARE_BUDGET_SCENARIO,
  COMPARE_INDICATOR_SCENARIO,
  expectAnswer,
  loadAndMeasure,
  serialise,
  type ComparisonScenario,
  type OwnTopologyPhase,
} from './bench-scenarios.ts';
import {
  ENTITY_CACHE_OFF,
  startFanOutFront,
  startMonolith,
  startShardHosts,
  type BenchProcess,
} from './bench-topology.ts';
import { loadWithAutocannon } from './load-with-autocannon.ts';
import type { Measurement } from './measure-phase.ts';

export const ONE_HOST_GATEWAY_NAME = 'gateway-one-host';
export const ONE_HOST_REGIONS_NAME = 'regional-one-host';
/** The run names of this phase (scenario S2 or S3), apart from the main phase's "gateway" and "monolith". */
export const ONE_HOST_GATEWAY_RUN = 'gateway, 14 regions in one process';
export const ONE_HOST_MONOLITH_RUN = 'monolith, beside the one-process regions';

/**
 * Starts national, one process for the 14 regions, a gateway over them (security and entity cache off, as the
 * main phase's "gateway") and a monolith; checks that both answer alike, primes them, then measures S2 and S3 on
 * each. Run after the main phase's topology is stopped, so that nothing else runs beside them. The regional process
 * has one pg pool for its 14 regions (`REGIONS` shares one), capped as each of the main phase's services is.
 */
export async function runOneHostScenario(input: OwnTopologyPhase): Promise<Measurement[]> {
  const { children, databaseUrl, poolMax, subgraphSecret, settings, log } = input;
  log('one-host: starting one process for the 14 regions, national, a gateway (entity cache off) and the monolith');
  const shards = await startShardHosts(
    children,
    databaseUrl,
    poolMax,
    REGION_CODES,
    0,
    1,
    subgraphSecret,
    () => ONE_HOST_REGIONS_NAME,
  );
  const topology = await startFanOutFront(children, databaseUrl, poolMax, 0, shards, subgraphSecret, {
    name: ONE_HOST_GATEWAY_NAME,
    entityCache: ENTITY_CACHE_OFF,
  });
  const monolith = await startMonolith(children, databaseUrl);
  const scenarios = [COMPARE_INDICATOR_SCENARIO, COMPARE_BUDGET_SCENARIO];
  for (const scenario of scenarios) await expectSameAnswers(scenario, topology.gateway, monolith);

  const servers: Array<[BenchProcess, string]> = [
    [topology.gateway, ONE_HOST_GATEWAY_RUN],
    [monolith, ONE_HOST_MONOLITH_RUN],
  ];
  const bodiesOf = (scenario: ComparisonScenario) => serialise(scenario.variables.map(scenario.body));
  const loadOf = (server: BenchProcess, scenario: ComparisonScenario) => ({
    urls: [server.origin],
    bodiesByPort: new Map([[server.port, bodiesOf(scenario)]]),
    connections: settings.connections,
  });
  if (settings.primeS > 0) {
    log(`one-host: priming (JIT warm-up): ${servers.length * scenarios.length} loads of ${settings.primeS} s`);
    for (const scenario of scenarios)
      for (const [server] of servers)
        await loadWithAutocannon({ ...loadOf(server, scenario), warmupS: 0, durationS: settings.primeS });
  }
  const context = { topology, settings, database: input.database, log };
  const measurements: Measurement[] = [];
  for (const scenario of scenarios)
    for (const [server, run] of servers)
      measurements.push(
        await loadAndMeasure(
          context,
          { scenario: scenario.scenario, run, target: `${scenario.target}; the 14 regions served by one process` },
          server,
          loadOf(server, scenario),
          { gatewayCounters: server === topology.gateway },
        ),
      );
  return measurements;
}

/** The first three questions answered alike by the gateway and the monolith, each answer checked. */
async function expectSameAnswers(
  scenario: ComparisonScenario,
  gateway: BenchProcess,
  monolith: BenchProcess,
): Promise<void> {
  for (const variables of scenario.variables.slice(0, 3)) {
    const body = scenario.body(variables);
    const check = (data: unknown) => scenario.check(data, variables);
    const viaMonolith = await expectAnswer(
      `${scenario.scenario} on the one-host phase's monolith`,
      monolith.origin,
      body,
      check,
    );
    const viaGateway = await expectAnswer(`${scenario.scenario} through ${gateway.name}`, gateway.origin, body, check);
    if (!isDeepStrictEqual(viaGateway, viaMonolith))
      throw new Error(
        `${scenario.scenario}: ${gateway.name} answers ${JSON.stringify(variables)} differently from the monolith`,
      );
  }
}
