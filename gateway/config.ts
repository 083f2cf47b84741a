import { readNonNegativeInteger, readPort, readPositiveInteger, readUrl } from '../shared/config/environment.ts';

export interface GatewayConfig {
  port: number;
  host: string;
  /** A Federation 2 supergraph, composed at build time. */
  supergraphFile: string;
  /** Subgraph name → URL, replacing the URL written in the supergraph. */
  subgraphUrls: Readonly<Record<string, string>>;
  /** The subgraph routed by region; every other subgraph is called as it is. */
  shardedSubgraph: string;
  /** Region code → that region's GraphQL URL. */
  regionUrls: ReadonlyMap<string, string>;
  regionTimeoutMs: number;
  subgraphTimeoutMs: number;
  /** Whole-response cache lifetime cap; 0 turns the cache off. */
  responseCacheTtlSeconds: number;
  /** How often the gateway asks the national service for the data version that keys the cache. */
  dataVersionPollMs: number;
  /** redis://… to share the response cache between gateway instances. */
  redisUrl: string | undefined;
}

/** "VI=http://127.0.0.1:4106/graphql,XII=http://…" → Map; fails naming the variable and the bad entry. */
export function parseUrlList(name: string, raw: string | undefined): Map<string, string> {
  const entries = new Map<string, string>();
  for (const entry of (raw ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const separator = entry.indexOf('=');
    const key = entry.slice(0, separator).trim();
    const url = entry.slice(separator + 1).trim();
    if (separator <= 0 || !url) throw new Error(`${name}: expected KEY=URL entries separated by commas; got "${entry}"`);
    readUrl({ [name]: url }, name);
    entries.set(key, url);
  }
  return entries;
}

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): Readonly<GatewayConfig> {
  const subgraphUrls = Object.fromEntries(parseUrlList('SUBGRAPH_URLS', env.SUBGRAPH_URLS));
  const nationalUrl = readUrl(env, 'NATIONAL_URL');
  if (nationalUrl) subgraphUrls.national = nationalUrl;
  const regionUrls = new Map([...parseUrlList('REGION_URLS', env.REGION_URLS)].map(([code, url]) => [code.toUpperCase(), url]));
  return Object.freeze({
    port: readPort(env, 'PORT', 4000),
    host: env.HOST || '0.0.0.0',
    supergraphFile: env.SUPERGRAPH_FILE || 'supergraph.graphql',
    subgraphUrls: Object.freeze(subgraphUrls),
    shardedSubgraph: env.SHARDED_SUBGRAPH || 'regional',
    regionUrls,
    regionTimeoutMs: readPositiveInteger(env, 'REGION_TIMEOUT_MS', 10_000),
    subgraphTimeoutMs: readPositiveInteger(env, 'SUBGRAPH_TIMEOUT_MS', 30_000),
    responseCacheTtlSeconds: readNonNegativeInteger(env, 'RESPONSE_CACHE_TTL_SECONDS', 0),
    dataVersionPollMs: readPositiveInteger(env, 'DATA_VERSION_POLL_MS', 2_000),
    redisUrl: readUrl(env, 'REDIS_URL'),
  });
}
