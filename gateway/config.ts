import { readNonNegativeInteger, readPort, readPositiveInteger, readUrl } from '../shared/config/environment.ts';
import { readSubgraphSecret } from '../shared/config/subgraph-access.ts';
import { DEFAULT_REGION_KEY, readSubgraphList } from '../shared/federation/subgraph-list.ts';
import { readCircuitBreakerSettings, type CircuitBreakerSettings } from './circuit-breaker/circuit-breaker.ts';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from './limits/operation-limits.ts';
import type { RateLimitConfig } from './rate-limit/caller-rate-limit.ts';
import type { RegionKey } from './shard-router/route-entities-by-region.ts';

/** A subgraph served by one service per region: the router sends each region's part to that region's URL. */
export interface ShardedSubgraphConfig {
  /** Region code → that region's GraphQL URL. */
  regionUrls: ReadonlyMap<string, string>;
  /** Where its entities carry the region code (Region.code, otherwise regionCode). */
  regionKey: Readonly<RegionKey>;
}

export interface GatewayConfig {
  port: number;
  host: string;
  /** A Federation 2 supergraph, composed at build time. */
  supergraphFile: string;
  /** Subgraph name → URL, replacing the URL written in the supergraph. */
  subgraphUrls: Readonly<Record<string, string>>;
  /**
   * Subgraph name → its regions, for each subgraph routed by region: SHARDED_SUBGRAPH (default `regional`) with
   * REGION_URLS, and every SUBGRAPHS_FILE entry with `regionUrls`. Every other subgraph is called as it is.
   */
  shardedSubgraphs: ReadonlyMap<string, Readonly<ShardedSubgraphConfig>>;
  regionTimeoutMs: number;
  /**
   * `_entities` requests of one kind in flight to one region before the next ones of that kind wait and are sent
   * together, those of several operations as one request (REGION_REQUESTS_IN_FLIGHT); 0: every request goes at once.
   */
  regionRequestsInFlight: number;
  /**
   * When a region answers a kind while others of that kind wait, they wait one more round trip of that region, at
   * most this long, so that those arriving meanwhile go with them (REGION_REQUESTS_LINGER_MS); 0: they leave at once.
   */
  regionRequestsLingerMs: number;
  subgraphTimeoutMs: number;
  /** Whole-response cache lifetime cap; 0 turns the cache off. */
  responseCacheTtlSeconds: number;
  /** The per-region entity cache's size in this process (ENTITY_CACHE_MB, default 64); 0 turns it off. */
  entityCacheMaxBytes: number;
  /**
   * How often the gateway asks for the data version that keys the cache (of the subgraph resolving Query.dataVersion).
   */
  dataVersionPollMs: number;
  /** Per region and per subgraph: CIRCUIT_FAILURE_THRESHOLD consecutive failures open it for CIRCUIT_COOLDOWN_MS. */
  circuitBreaker: Readonly<CircuitBreakerSettings>;
  /**
   * With the response cache on, the memory for each region's last good answers, served stale when it fails
   * (STALE_CELLS_MAX_MB).
   */
  staleCellsMaxBytes: number;
  /** redis://… to share the response cache between gateway instances. */
  redisUrl: string | undefined;
  /**
   * SUBGRAPH_SECRET: every subgraph request is signed with it (shared/security/subgraph-signature.ts); unset, none is.
   */
  subgraphSecret: string | undefined;
  auth: Readonly<AuthConfig>;
  /** Over any of these an operation is refused before a subgraph is called (LIMIT_DEPTH, LIMIT_COST, …). */
  limits: Readonly<OperationLimits>;
  /** Per-caller budgets charged by each operation's price (RATE_LIMIT=on|off, RATE_LIMIT_*_POINTS_PER_MINUTE). */
  rateLimit: Readonly<RateLimitConfig>;
  /** One deadline per operation; past it the answer is what arrived, with OPERATION_TIMEOUT. */
  operationTimeoutMs: number;
  /** Express's `trust proxy`: how many proxies (or which addresses) may name the client in X-Forwarded-For. */
  trustProxy: number | string | false;
  /** Whether callers without the analyst role may introspect the schema (ANONYMOUS_INTROSPECTION=on|off). */
  anonymousIntrospection: boolean;
  /** Browser origins allowed to call the gateway from their pages (CORS); empty: none, the default. */
  corsOrigins: readonly string[];
}

/**
 * REGION_REQUESTS_LINGER_MS's default: under S2's load a region's round trip was 30–50 ms, and holding the waiting
 * ones up to 25 ms more made its requests about half as many (docs/performance.md, twenty-first pass).
 */
export const DEFAULT_REGION_REQUESTS_LINGER_MS = 25;

export const AUTH_MODES = ['off', 'optional', 'required'] as const;
/** off: every caller is anonymous; optional: credentials are checked when sent; required: no answer without them. */
export type AuthMode = (typeof AUTH_MODES)[number];

export interface AuthConfig {
  mode: AuthMode;
  /** PEM file with the public key (SPKI) or X.509 certificate that signs the callers' JWTs. */
  jwtPublicKeyFile: string | undefined;
  /** An OIDC provider's JSON Web Key Set (its `jwks_uri`), instead of a key file. */
  jwksUrl: string | undefined;
  /** Expected `iss` of every JWT, when set. */
  issuer: string | undefined;
  /** Accepted `aud` values of a JWT (any one of them), when set. */
  audience: readonly string[] | undefined;
  /** The API keys' hashes, names and roles, written by `npm run api-key`; re-read when it changes. */
  apiKeysFile: string;
}

function readAuthConfig(env: NodeJS.ProcessEnv): AuthConfig {
  const mode = env.AUTH_MODE || 'required';
  if (!(AUTH_MODES as readonly string[]).includes(mode))
    throw new Error(`AUTH_MODE must be one of ${AUTH_MODES.join(', ')}; got "${mode}"`);
  const jwtPublicKeyFile = env.AUTH_JWT_PUBLIC_KEY_FILE || undefined;
  const jwksUrl = readUrl(env, 'AUTH_JWKS_URL');
  if (jwtPublicKeyFile && jwksUrl)
    throw new Error('AUTH_JWT_PUBLIC_KEY_FILE and AUTH_JWKS_URL are both set; set one of them');
  const audience = (env.AUTH_AUDIENCE ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return {
    mode: mode as AuthMode,
    jwtPublicKeyFile,
    jwksUrl,
    issuer: env.AUTH_ISSUER || undefined,
    audience: audience.length ? Object.freeze(audience) : undefined,
    apiKeysFile: env.API_KEYS_FILE || '.data/api-keys.json',
  };
}

/** "https://a.example,https://b.example" → origins; fails on anything that is not a bare origin (or on "*"). */
function readCorsOrigins(env: NodeJS.ProcessEnv): string[] {
  return (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((entry) => {
      let origin: string | undefined;
      try {
        origin = new URL(entry).origin;
      } catch {
        origin = undefined;
      }
      if (!origin || origin === 'null' || origin !== entry.replace(/\/$/, '')) {
        throw new Error(
          `CORS_ORIGINS: expected origins like https://bi.example.go.id separated by commas; got "${entry}"`,
        );
      }
      return origin;
    });
}

function readOperationLimits(env: NodeJS.ProcessEnv): OperationLimits {
  const limit = (name: string, fallback: number) => readPositiveInteger(env, name, fallback);
  return {
    depth: limit('LIMIT_DEPTH', DEFAULT_OPERATION_LIMITS.depth),
    aliases: limit('LIMIT_ALIASES', DEFAULT_OPERATION_LIMITS.aliases),
    rootFields: limit('LIMIT_ROOT_FIELDS', DEFAULT_OPERATION_LIMITS.rootFields),
    tokens: limit('LIMIT_TOKENS', DEFAULT_OPERATION_LIMITS.tokens),
    directives: limit('LIMIT_DIRECTIVES', DEFAULT_OPERATION_LIMITS.directives),
    cost: limit('LIMIT_COST', DEFAULT_OPERATION_LIMITS.cost),
  };
}

/** On unless RATE_LIMIT=off; `defaultOn` is false for `npm start`, which serves only its own machine. */
function readRateLimit(env: NodeJS.ProcessEnv, defaultOn: boolean): RateLimitConfig {
  return {
    enabled: readOnOff(env, 'RATE_LIMIT', defaultOn),
    analystPointsPerMinute: readPositiveInteger(env, 'RATE_LIMIT_ANALYST_POINTS_PER_MINUTE', 3_000),
    anonymousPointsPerMinute: readPositiveInteger(env, 'RATE_LIMIT_ANONYMOUS_POINTS_PER_MINUTE', 600),
  };
}

/** "VI=http://127.0.0.1:4106/graphql,XII=http://…" → Map; fails naming the variable and the bad entry. */
export function parseUrlList(name: string, raw: string | undefined): Map<string, string> {
  const entries = new Map<string, string>();
  for (const entry of (raw ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const separator = entry.indexOf('=');
    const key = entry.slice(0, separator).trim();
    const url = entry.slice(separator + 1).trim();
    if (separator <= 0 || !url)
      throw new Error(`${name}: expected KEY=URL entries separated by commas; got "${entry}"`);
    readUrl({ [name]: url }, name);
    entries.set(key, url);
  }
  return entries;
}

/** What differs between `serve:gateway` (a service on a network) and `npm start` (one machine's own). */
export interface GatewayDefaults {
  rateLimit: boolean;
}

/** "2" → two hops; "loopback" or "10.0.0.0/8,10.1.2.3" → those addresses; unset → no proxy is trusted. */
function readTrustProxy(raw: string | undefined): number | string | false {
  if (raw === undefined || raw.trim() === '') return false;
  return /^\d+$/.test(raw.trim()) ? Number(raw) : raw.trim();
}

function readOnOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'on' && raw !== 'off') throw new Error(`${name} must be on or off; got "${raw}"`);
  return raw === 'on';
}

/** SUBGRAPHS_FILE's subgraphs (another team's): each sharded one by its regions, any other by its URL. */
function addListedSubgraphs(
  env: NodeJS.ProcessEnv,
  subgraphUrls: Record<string, string>,
  shardedSubgraphs: Map<string, Readonly<ShardedSubgraphConfig>>,
): void {
  for (const subgraph of readSubgraphList(env)) {
    // One place per subgraph: a second one would silently win over the first.
    if (subgraph.name in subgraphUrls || shardedSubgraphs.has(subgraph.name))
      throw new Error(
        `SUBGRAPHS_FILE: subgraph "${subgraph.name}" is configured already (NATIONAL_URL, ` +
          'SUBGRAPH_URLS or SHARDED_SUBGRAPH)',
      );
    if (subgraph.regionUrls)
      shardedSubgraphs.set(
        subgraph.name,
        Object.freeze({ regionUrls: subgraph.regionUrls, regionKey: subgraph.regionKey }),
      );
    else subgraphUrls[subgraph.name] = subgraph.url;
  }
}

export function readGatewayConfig(
  env: NodeJS.ProcessEnv = process.env,
  defaults: GatewayDefaults = { rateLimit: false },
): Readonly<GatewayConfig> {
  const auth = Object.freeze(readAuthConfig(env));
  const subgraphUrls = Object.fromEntries(parseUrlList('SUBGRAPH_URLS', env.SUBGRAPH_URLS));
  const nationalUrl = readUrl(env, 'NATIONAL_URL');
  if (nationalUrl) subgraphUrls.national = nationalUrl;
  const regionUrls = new Map(
    [...parseUrlList('REGION_URLS', env.REGION_URLS)].map(([code, url]) => [code.toUpperCase(), url]),
  );
  const shardedSubgraphs = new Map<string, Readonly<ShardedSubgraphConfig>>([
    [env.SHARDED_SUBGRAPH || 'regional', Object.freeze({ regionUrls, regionKey: DEFAULT_REGION_KEY })],
  ]);
  addListedSubgraphs(env, subgraphUrls, shardedSubgraphs);
  return Object.freeze({
    port: readPort(env, 'PORT', 4000),
    host: env.HOST || '0.0.0.0',
    supergraphFile: env.SUPERGRAPH_FILE || 'supergraph.graphql',
    subgraphUrls: Object.freeze(subgraphUrls),
    shardedSubgraphs,
    regionTimeoutMs: readPositiveInteger(env, 'REGION_TIMEOUT_MS', 10_000),
    regionRequestsInFlight: readNonNegativeInteger(env, 'REGION_REQUESTS_IN_FLIGHT', 1),
    regionRequestsLingerMs: readNonNegativeInteger(env, 'REGION_REQUESTS_LINGER_MS', DEFAULT_REGION_REQUESTS_LINGER_MS),
    subgraphTimeoutMs: readPositiveInteger(env, 'SUBGRAPH_TIMEOUT_MS', 30_000),
    responseCacheTtlSeconds: readNonNegativeInteger(env, 'RESPONSE_CACHE_TTL_SECONDS', 0),
    entityCacheMaxBytes: readNonNegativeInteger(env, 'ENTITY_CACHE_MB', 64) * 1024 * 1024,
    dataVersionPollMs: readPositiveInteger(env, 'DATA_VERSION_POLL_MS', 2_000),
    circuitBreaker: readCircuitBreakerSettings(env),
    staleCellsMaxBytes: readNonNegativeInteger(env, 'STALE_CELLS_MAX_MB', 32) * 1024 * 1024,
    redisUrl: readUrl(env, 'REDIS_URL'),
    subgraphSecret: readSubgraphSecret(env),
    auth,
    limits: Object.freeze(readOperationLimits(env)),
    rateLimit: Object.freeze(readRateLimit(env, defaults.rateLimit)),
    operationTimeoutMs: readPositiveInteger(env, 'OPERATION_TIMEOUT_MS', 30_000),
    trustProxy: readTrustProxy(env.TRUST_PROXY),
    anonymousIntrospection: readOnOff(env, 'ANONYMOUS_INTROSPECTION', auth.mode === 'off'),
    corsOrigins: Object.freeze(readCorsOrigins(env)),
  });
}
