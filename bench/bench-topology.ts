import type { ChildProcess } from 'node:child_process';
import { GATEWAY_NODE_FLAGS } from '../gateway/heap-budget.ts';
import { REGION_CODES } from '../shared/regions/region-codes.ts';
import { securityOffGatewayEnv, securityOnGatewayEnv, type BenchCaller } from './bench-security.ts';
import { type ChildProcesses, findFreePort, findFreePortRange, waitUntilAnswering } from './child-processes.ts';

/** One server process of the bench: its name in the report, its pid (the node process itself) and URL. */
export interface BenchProcess {
  name: string;
  pid: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  port: number;
  child: ChildProcess;
}

export interface BenchTopology {
  /** Security off (bench-security.ts): the gateway every scenario loads. */
  gateway: BenchProcess;
  /** Everything on, over the same subgraphs, for S1's security overhead; its caller's API key. */
  secureGateway?: BenchProcess & { apiKey: string };
  /** A second gateway with security off beside it: how far two identical gateways differ (the noise). */
  controlGateway?: BenchProcess;
  /** Like `gateway`, with its entity cache at the gateway's default (on): issue 13's "cache on" runs. */
  entityCacheGateway?: BenchProcess;
  national: BenchProcess;
  regions: Map<string, BenchProcess>;
  monolith: BenchProcess;
  /**
   * The same monolith with each region's parts of several operations coalesced as the gateway's
   * REGION_REQUESTS_IN_FLIGHT does (MONOLITH_REQUESTS_IN_FLIGHT=1): not the reference, measured beside it.
   */
  coalescingMonolith?: BenchProcess;
  /** national and every region: the processes whose CPU is "all subgraphs". */
  subgraphs: BenchProcess[];
  /** SUBGRAPH_SECRET of every subgraph: a request straight to one must be signed with it. */
  subgraphSecret: string;
}

/** The process names of the gateway with security on and of the second one with it off. */
export const SECURE_GATEWAY_NAME = 'gateway-secure';
export const CONTROL_GATEWAY_NAME = 'gateway-control';
export const ENTITY_CACHE_GATEWAY_NAME = 'gateway-entity-cache';
export const FAN_OUT_GATEWAY_NAME = 'gateway-s5';
export const COALESCING_MONOLITH_NAME = 'monolith-coalescing';
/** The gateways started with their entity cache on; every other one has it off. */
export const ENTITY_CACHE_ON_GATEWAYS: ReadonlySet<string> = new Set([ENTITY_CACHE_GATEWAY_NAME, FAN_OUT_GATEWAY_NAME]);

/**
 * Every gateway of the bench runs with its per-region entity cache off, so that each scenario measures what it
 * measured before issue 13, except those that say "entity cache on": the gateway's default, which is on.
 * Unset rather than a size, so that the default is what is measured (spawn leaves an undefined variable out).
 */
export const ENTITY_CACHE_OFF: NodeJS.ProcessEnv = Object.freeze({ ENTITY_CACHE_MB: '0' });
export const ENTITY_CACHE_DEFAULT: NodeJS.ProcessEnv = Object.freeze({ ENTITY_CACHE_MB: undefined });

const GATEWAY_MAIN = 'gateway/main.ts';
const MONOLITH_MAIN = 'bench/monolith-server.ts';
const STARTUP_TIMEOUT_MS = 120_000;
/** A shard host creates 25 schemas before it answers: minutes when other work shares the machine. */
const SHARD_HOST_STARTUP_TIMEOUT_MS = 600_000;

async function startServer(
  children: ChildProcesses,
  name: string,
  file: string,
  env: NodeJS.ProcessEnv,
  preload: string[] = [],
): Promise<BenchProcess> {
  const port = await findFreePort();
  // The gateway as every launch of it runs: with its heap flags (gateway/heap-budget.ts). The monolith runs the
  // same Apollo gateway over the same answers, in one process, and gets the same flags: a like-for-like reference.
  const nodeFlags = file === GATEWAY_MAIN || file === MONOLITH_MAIN ? [...GATEWAY_NODE_FLAGS] : [];
  const child = children.startNode(name, file, { ...env, PORT: String(port) }, { preload, nodeFlags });
  return { name, pid: child.pid!, origin: `http://127.0.0.1:${port}`, port, child };
}

async function waitForHealth(children: ChildProcesses, server: BenchProcess): Promise<void> {
  await waitUntilAnswering(`${server.origin}/health`, server.child, STARTUP_TIMEOUT_MS, () =>
    children.logTail(server.name),
  );
}

/** A subgraph listens before its schema is migrated; /ready answers 200 once it is (/health already did). */
async function waitForReady(children: ChildProcesses, server: BenchProcess): Promise<void> {
  await waitUntilAnswering(`${server.origin}/ready`, server.child, STARTUP_TIMEOUT_MS, () =>
    children.logTail(server.name),
  );
}

/**
 * The production topology as separate processes (`node <compiled main>`, the same entry points as
 * `npm run serve:*`, compiled as the image compiles them), national and 14 regions on one PostgreSQL database,
 * each answering only requests signed with `subgraphSecret`, the gateway in front with its security and its
 * entity cache off; with `secureCaller`, a second gateway with everything on and a third with it off (both with
 * the entity cache off); with `entityCacheGateway`, one more like the first with its entity cache on; and the
 * monolith reference beside them on the same database, with `coalescingMonolith` a second one that coalesces.
 * Each subgraph's pg pool is capped at `poolMax` (see cap-pg-pool.ts); the monoliths keep the code's pool
 * (DEFAULT_POOL_SIZE).
 */
export async function startBenchTopology(
  children: ChildProcesses,
  databaseUrl: string,
  poolMax: number,
  security: { subgraphSecret: string; secureCaller?: BenchCaller },
  options: { entityCacheGateway: boolean; coalescingMonolith: boolean },
): Promise<BenchTopology> {
  const { subgraphSecret, secureCaller } = security;
  const common = { DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' };
  const capped = { ...common, BENCH_PG_POOL_MAX: String(poolMax), SUBGRAPH_SECRET: subgraphSecret };
  const preload = ['./bench/cap-pg-pool.ts'];
  const national = await startServer(children, 'national', 'subgraphs/national/main.ts', capped, preload);
  const regions = new Map<string, BenchProcess>();
  for (const region of REGION_CODES)
    regions.set(
      region,
      await startServer(
        children,
        `regional-${region}`,
        'subgraphs/regional/main.ts',
        { ...capped, REGION: region },
        preload,
      ),
    );
  const subgraphs = [national, ...regions.values()];
  await Promise.all(subgraphs.map((server) => waitForReady(children, server)));

  const securityOff = { ...securityOffGatewayEnv(subgraphSecret), ...ENTITY_CACHE_OFF };
  const gateway = await startGateway(children, 'gateway', national, regions, securityOff);
  const secureGateway = secureCaller
    ? {
        ...(await startGateway(children, SECURE_GATEWAY_NAME, national, regions, {
          ...securityOnGatewayEnv(subgraphSecret, secureCaller),
          ...ENTITY_CACHE_OFF,
        })),
        apiKey: secureCaller.apiKey,
      }
    : undefined;
  const controlGateway = secureCaller
    ? await startGateway(children, CONTROL_GATEWAY_NAME, national, regions, securityOff)
    : undefined;
  const entityCacheGateway = options.entityCacheGateway
    ? await startGateway(children, ENTITY_CACHE_GATEWAY_NAME, national, regions, {
        ...securityOffGatewayEnv(subgraphSecret),
        ...ENTITY_CACHE_DEFAULT,
      })
    : undefined;
  const monolith = await startMonolith(children, databaseUrl);
  const coalescingMonolith = options.coalescingMonolith
    ? await startMonolith(children, databaseUrl, COALESCING_MONOLITH_NAME, { MONOLITH_REQUESTS_IN_FLIGHT: '1' })
    : undefined;
  return {
    gateway,
    ...(secureGateway && controlGateway ? { secureGateway, controlGateway } : {}),
    ...(entityCacheGateway ? { entityCacheGateway } : {}),
    national,
    regions,
    monolith,
    ...(coalescingMonolith ? { coalescingMonolith } : {}),
    subgraphs,
    subgraphSecret,
  };
}

/**
 * The monolith reference (bench/monolith-server.ts) on the same database, with the code's pg pool
 * (DEFAULT_POOL_SIZE) and the gateway's heap flags; `env`, e.g. MONOLITH_REQUESTS_IN_FLIGHT.
 */
export async function startMonolith(
  children: ChildProcesses,
  databaseUrl: string,
  name = 'monolith',
  env: NodeJS.ProcessEnv = {},
): Promise<BenchProcess> {
  const monolith = await startServer(children, name, MONOLITH_MAIN, {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'info',
    ...env,
  });
  await waitForHealth(children, monolith);
  return monolith;
}

/**
 * A gateway process over the running subgraphs; `env` holds its security settings (securityOffGatewayEnv or
 * securityOnGatewayEnv, which carry SUBGRAPH_SECRET) and any other (e.g. the response cache).
 */
export async function startGateway(
  children: ChildProcesses,
  name: string,
  national: BenchProcess,
  regions: ReadonlyMap<string, BenchProcess>,
  env: NodeJS.ProcessEnv,
): Promise<BenchProcess> {
  const gateway = await startServer(children, name, GATEWAY_MAIN, {
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    NATIONAL_URL: `${national.origin}/graphql`,
    REGION_URLS: [...regions].map(([region, server]) => `${region}=${server.origin}/graphql`).join(','),
    ...env,
  });
  await waitForHealth(children, gateway);
  return gateway;
}

/** S5's topology: national, the gateway, and every shard, several to a process. */
export interface FanOutTopology {
  gateway: BenchProcess;
  national: BenchProcess;
  /** The regional processes, each serving several shards ("regional-shards-<n>"). */
  hosts: BenchProcess[];
  /** national and every shard host: the processes whose CPU is "all subgraphs". */
  subgraphs: BenchProcess[];
  /** Shard code → its GraphQL origin (http://127.0.0.1:<port>). */
  shardOrigins: Map<string, string>;
  subgraphSecret: string;
}

/**
 * Starts the shard hosts of S5: `hostCount` regional processes (`REGIONS=…` of subgraphs/regional/main.ts),
 * the shards dealt round-robin so that any first N shards spread over every process; each shard on its own
 * port and schema. Started before the data is imported, so that the hosts create the shards' schemas in
 * parallel (the import then finds them migrated).
 */
export async function startShardHosts(
  children: ChildProcesses,
  databaseUrl: string,
  poolMax: number,
  shardCodes: readonly string[],
  syntheticShards: number,
  hostCount: number,
  subgraphSecret: string,
  hostName: (host: number) => string = (host) => `regional-shards-${host + 1}`,
) {
  const env = {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'info',
    BENCH_PG_POOL_MAX: String(poolMax),
    SYNTHETIC_SHARDS: String(syntheticShards),
    SUBGRAPH_SECRET: subgraphSecret,
  };
  const preload = ['./bench/cap-pg-pool.ts'];
  const hosts: Array<BenchProcess & { lastOrigin: string }> = [];
  const shardOrigins = new Map<string, string>();
  // One block for every shard, cut into one run of ports per host: blocks picked per host could overlap.
  let nextPort = await findFreePortRange(shardCodes.length);
  for (let host = 0; host < hostCount; host++) {
    const codes = shardCodes.filter((_, index) => index % hostCount === host);
    if (!codes.length) continue;
    const firstPort = nextPort;
    nextPort += codes.length;
    const name = hostName(host);
    const child = children.startNode(
      name,
      'subgraphs/regional/main.ts',
      { ...env, REGIONS: codes.join(','), PORT: String(firstPort) },
      { preload },
    );
    codes.forEach((code, index) => {
      shardOrigins.set(code, `http://127.0.0.1:${firstPort + index}`);
    });
    hosts.push({
      name,
      pid: child.pid!,
      origin: `http://127.0.0.1:${firstPort}`,
      port: firstPort,
      child,
      lastOrigin: `http://127.0.0.1:${firstPort + codes.length - 1}`,
    });
  }
  // A host listens on every shard's port first, then prepares their schemas one after the other: once the last
  // one is ready, they all are. (/health answers 200 before that, saying "degraded".)
  await Promise.all(
    hosts.map((host) =>
      waitUntilAnswering(`${host.lastOrigin}/ready`, host.child, SHARD_HOST_STARTUP_TIMEOUT_MS, () =>
        children.logTail(host.name),
      ),
    ),
  );
  return { hosts: hosts.map(({ lastOrigin: _, ...host }) => host), shardOrigins };
}

/**
 * national (knowing the synthetic shards) and a gateway over every shard, once the shard hosts run and the
 * data is in; the gateway with its security off, as S1–S4's, and its entity cache at the default (on) unless
 * `gateway` says otherwise.
 */
export async function startFanOutFront(
  children: ChildProcesses,
  databaseUrl: string,
  poolMax: number,
  syntheticShards: number,
  shards: { hosts: BenchProcess[]; shardOrigins: Map<string, string> },
  subgraphSecret: string,
  gateway: { name: string; entityCache: NodeJS.ProcessEnv } = {
    name: FAN_OUT_GATEWAY_NAME,
    entityCache: ENTITY_CACHE_DEFAULT,
  },
): Promise<FanOutTopology> {
  const national = await startServer(
    children,
    'national',
    'subgraphs/national/main.ts',
    {
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'info',
      BENCH_PG_POOL_MAX: String(poolMax),
      SYNTHETIC_SHARDS: String(syntheticShards),
      SUBGRAPH_SECRET: subgraphSecret,
    },
    ['./bench/cap-pg-pool.ts'],
  );
  await waitForReady(children, national);
  const front = await startServer(children, gateway.name, GATEWAY_MAIN, {
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    NATIONAL_URL: `${national.origin}/graphql`,
    REGION_URLS: [...shards.shardOrigins].map(([code, origin]) => `${code}=${origin}/graphql`).join(','),
    ...securityOffGatewayEnv(subgraphSecret),
    ...gateway.entityCache,
  });
  await waitForHealth(children, front);
  return {
    gateway: front,
    national,
    hosts: shards.hosts,
    subgraphs: [national, ...shards.hosts],
    shardOrigins: shards.shardOrigins,
    subgraphSecret,
  };
}
