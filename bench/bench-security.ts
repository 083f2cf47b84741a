/**
 * What the bench needs of the gateway's security (issue 9): the subgraphs run as in production, answering
 * only requests signed with SUBGRAPH_SECRET, so every client of a subgraph signs, the bench's own included;
 * the gateways of the existing scenarios run with authentication, rate limit and operation limits out of
 * the way, as before the security work; and one more gateway with all of it on measures what it adds to S1.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { Kind, parse, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { createApiKey } from '../gateway/auth/api-key-file.ts';
import { ANALYST_ROLE } from '../gateway/auth/identity.ts';
import { fallbackPricingFacts } from '../gateway/limits/operation-cost.ts';
import { admitOperation, DEFAULT_OPERATION_LIMITS, type OperationLimits } from '../gateway/limits/operation-limits.ts';
import { pointsFor } from '../gateway/rate-limit/caller-rate-limit.ts';
import { signSubgraphRequest, SubgraphRequestVerifier } from '../shared/security/subgraph-signature.ts';
import {
  REGION_PLAN_QUERY,
  REGION_PLAN_ROOT_QUERY,
  regionPlanBody,
  regionPlanDirectBody,
  regionPlanRootBody,
} from './bench-queries.ts';
import type { Measurement } from './measure-phase.ts';

/** The S1 overhead target of issue 9: authentication, rate limit, limits and signing together. */
export const SECURITY_OVERHEAD_LIMIT_MS = 0.5;

/** A fresh SUBGRAPH_SECRET per run, as `openssl rand -hex 32` would make it. */
export const createBenchSubgraphSecret = () => randomBytes(32).toString('hex');

/** Every operation limit of the gateway, far above anything the bench asks. */
const LIMITS_OUT_OF_THE_WAY: Readonly<OperationLimits> = Object.freeze({
  depth: 1_000,
  aliases: 100_000,
  rootFields: 100_000,
  tokens: 10_000_000,
  directives: 100_000,
  cost: 1_000_000_000,
});

const limitEnv = (limits: Readonly<OperationLimits> | undefined): NodeJS.ProcessEnv => ({
  // Empty: the gateway's defaults, whatever the bench's own environment holds.
  LIMIT_DEPTH: limits ? String(limits.depth) : '',
  LIMIT_ALIASES: limits ? String(limits.aliases) : '',
  LIMIT_ROOT_FIELDS: limits ? String(limits.rootFields) : '',
  LIMIT_TOKENS: limits ? String(limits.tokens) : '',
  LIMIT_DIRECTIVES: limits ? String(limits.directives) : '',
  LIMIT_COST: limits ? String(limits.cost) : '',
});

/**
 * The gateway of S1–S5 as it ran before the security work: everyone anonymous, no rate limit, limits far
 * out of the way. What cannot be switched off still runs: pricing each operation (against limits it never
 * reaches), argument hygiene, the security headers, and signing every subgraph request.
 */
export function securityOffGatewayEnv(subgraphSecret: string): NodeJS.ProcessEnv {
  return { AUTH_MODE: 'off', RATE_LIMIT: 'off', SUBGRAPH_SECRET: subgraphSecret, ...limitEnv(LIMITS_OUT_OF_THE_WAY) };
}

/**
 * Rate budget of the bench's API key: the limiter counts every operation as in production, but the load
 * cannot spend it (S1 costs 29 points; 150 req/s for a minute would be 261,000).
 */
export const BENCH_ANALYST_POINTS_PER_MINUTE = 100_000_000;

/** The caller of the security-on gateway: an analyst API key in a key file of the run directory. */
export interface BenchCaller {
  apiKeysFile: string;
  /** Sent as X-API-Key. */
  apiKey: string;
}

export function createBenchCaller(runDirectory: string): BenchCaller {
  const apiKeysFile = join(runDirectory, 'api-keys.json');
  const { key } = createApiKey(apiKeysFile, { name: 'bench', roles: [ANALYST_ROLE] });
  return { apiKeysFile, apiKey: key };
}

/** Everything on, as `npm run serve:gateway` runs by default, with a key and a budget the load cannot spend. */
export function securityOnGatewayEnv(subgraphSecret: string, caller: BenchCaller): NodeJS.ProcessEnv {
  return {
    AUTH_MODE: 'required',
    API_KEYS_FILE: caller.apiKeysFile,
    AUTH_JWT_PUBLIC_KEY_FILE: '',
    AUTH_JWKS_URL: '',
    RATE_LIMIT: 'on',
    RATE_LIMIT_ANALYST_POINTS_PER_MINUTE: String(BENCH_ANALYST_POINTS_PER_MINUTE),
    REDIS_URL: '',
    SUBGRAPH_SECRET: subgraphSecret,
    ...limitEnv(undefined),
  };
}

/** The headers a request to a subgraph needs: signed as the gateway signs its own, with the same function. */
export function signedSubgraphHeaders(
  subgraphSecret: string | undefined,
  body: string,
  path = '/graphql',
): Record<string, string> {
  if (!subgraphSecret) return {};
  return signSubgraphRequest(subgraphSecret, { method: 'POST', path, body, callerHeaders: {} });
}

/** Microseconds per operation of a loop, after a warm-up of a tenth of it. */
function microsecondsPer(iterations: number, run: () => void): number {
  for (let index = 0; index < Math.ceil(iterations / 10); index++) run();
  const started = process.hrtime.bigint();
  for (let index = 0; index < iterations; index++) run();
  return Number(process.hrtime.bigint() - started) / 1_000 / iterations;
}

export interface InProcessSecurityCost {
  iterations: number;
  /** Bytes of the signed body: the S1 entity fetch, the size of the gateway's own fetch of one plan. */
  signedBodyBytes: number;
  signUs: number;
  /** A subgraph's side: headers, HMAC over the body, replay guard. */
  verifyUs: number;
  /** admitOperation (shape rules, root fields, price) for S1's two operations, which every gateway runs. */
  admitUs: { regionPlan: number; planRoot: number };
  /** The price of S1's operations and the rate-limit points each costs. */
  s1Price: number;
  s1Points: number;
}

function operationOf(document: DocumentNode): OperationDefinitionNode {
  return document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  )!;
}

let apiSchema: GraphQLSchema | undefined;
/** The schema clients see, which the gateway prices operations against. */
const apiSchemaOf = () =>
  (apiSchema ??= Supergraph.build(readFileSync('supergraph.graphql', 'utf8')).apiSchema().toGraphQLJSSchema());

/** An operation admitted as the gateway admits it (facts: its fallbacks, which price no lower than national's). */
function admission(
  query: string,
  variables: Record<string, unknown>,
  limits: OperationLimits = DEFAULT_OPERATION_LIMITS,
): () => number {
  const schema = apiSchemaOf();
  const document = parse(query);
  const operation = operationOf(document);
  const facts = fallbackPricingFacts(14);
  return () => admitOperation({ schema, document, operation, variables, limits, facts });
}

/** The highest price among these questions of one operation, as the gateway computes it (operation-cost.ts). */
export function dearestPrice(query: string, questions: ReadonlyArray<Record<string, unknown>>): number {
  const unlimited = { ...DEFAULT_OPERATION_LIMITS, cost: Number.MAX_SAFE_INTEGER };
  return Math.max(...questions.map((variables) => admission(query, variables, unlimited)()));
}

/**
 * What the parts that run in both gateways cost, measured in this process: signing one S1-sized subgraph
 * request and verifying it as a subgraph does, and the limits' admission of S1's operations. The S1 runs
 * through the two gateways cannot show them, since the security-off gateway does them too.
 */
export function measureInProcessSecurityCost(iterations = 10_000): InProcessSecurityCost {
  const secret = createBenchSubgraphSecret();
  const body = JSON.stringify(regionPlanDirectBody({ code: 'VI', year: 2021 }));
  const bytes = Buffer.from(body);
  const signUs = microsecondsPer(
    iterations,
    () => void signSubgraphRequest(secret, { method: 'POST', path: '/graphql', body, callerHeaders: {} }),
  );
  // Signed beforehand, so that the loop times the subgraph's side alone; a fresh verifier, whose replay
  // guard then holds every signature once, as a subgraph's does.
  const signed = Array.from({ length: iterations + Math.ceil(iterations / 10) }, () =>
    signSubgraphRequest(secret, { method: 'POST', path: '/graphql', body: bytes, callerHeaders: {} }),
  );
  const verifier = new SubgraphRequestVerifier(secret, { replayCapacity: signed.length });
  let next = 0;
  const verifyUs = microsecondsPer(iterations, () => {
    const headers = signed[next++]!;
    const pending = verifier.checkHeaders('POST', '/graphql', headers);
    if (!pending.ok) throw new Error(`bench signing check: ${pending.reason}`);
    const verdict = verifier.verifyBody(pending.value, bytes);
    if (!verdict.ok) throw new Error(`bench signing check: ${verdict.reason}`);
  });

  const regionPlan = admission(REGION_PLAN_QUERY, { code: 'VI', year: 2021 });
  const planRoot = admission(REGION_PLAN_ROOT_QUERY, { code: 'VI', year: 2021 });
  const s1Price = regionPlan();
  return {
    iterations,
    signedBodyBytes: bytes.length,
    signUs,
    verifyUs,
    admitUs: { regionPlan: microsecondsPer(iterations, regionPlan), planRoot: microsecondsPer(iterations, planRoot) },
    s1Price,
    s1Points: pointsFor(s1Price),
  };
}

/** The suffixes of S1's runs at one connection through the three gateways in turns (load-in-turns.ts). */
export const IN_TURNS_OFF = ', in turns: security off';
export const IN_TURNS_ON = ', in turns: security on';
export const IN_TURNS_CONTROL = ', in turns: control (off)';
/** The fourth in turns: the same questions straight to the region, what the gateway adds is judged against. */
export const IN_TURNS_DIRECT = ', in turns: direct';

/**
 * S1's two ways through the gateway at one connection: the run's name, how the question is asked, its body,
 * and how many subgraph requests (each signed and verified) one question takes.
 */
export const LOW_LOAD_GATEWAY_RUNS = [
  // region(code){plan} is the region's entity fetch alone (gateway/pass-through/region-entity-fetch.ts).
  { run: 'gateway c=1', asked: 'region(code){plan}', body: regionPlanBody, subgraphRequests: 1 },
  { run: 'plan(region) c=1', asked: 'plan(region, year)', body: regionPlanRootBody, subgraphRequests: 1 },
] as const;

/** What S1 measured of the security, with the in-process figures. */
export interface SecurityReport {
  inProcess: InProcessSecurityCost;
  /** RATE_LIMIT_ANALYST_POINTS_PER_MINUTE of the gateway with security on. */
  analystPointsPerMinute: number;
  /** The most points a minute any measured run charged the bench's key (S1 requests × their points). */
  maxPointsPerMinute?: number;
  overheads?: SecurityOverhead[];
}

export interface SecurityOverhead {
  asked: string;
  /** S1's run at one connection (LOW_LOAD_GATEWAY_RUNS) whose three gateways were asked in turns. */
  run: string;
  /** Latency, and the gateway's own CPU per request (less moved by other work on the machine than latency). */
  off: { p50Ms: number; p99Ms: number; gatewayCpuMs: number | null };
  on: { p50Ms: number; p99Ms: number; gatewayCpuMs: number | null };
  /** The control: a second gateway with security off. */
  control: { p50Ms: number; p99Ms: number; gatewayCpuMs: number | null };
  /**
   * on − the mean of the two gateways with security off, as measured in turns: authentication, the rate
   * limit, the default limits instead of raised ones.
   */
  addedP50Ms: number;
  addedP99Ms: number;
  /** control − off: what two identical gateways differ by in the same run, the resolution of addedP50Ms. */
  controlP50Ms: number;
  subgraphRequests: number;
  /**
   * Per question, what both gateways do and the two runs cannot show: signing each subgraph request and a
   * subgraph verifying it, and the admission (limits and price) of the operation; from the in-process figures.
   */
  inBothMs: number;
  /** addedP50Ms + inBothMs: what limits, authentication and signing add to the p50 of a gateway without them. */
  totalP50Ms: number;
}

/**
 * The most rate-limit points a minute that S1's runs through `secureGateway` charged its caller (rates of S1
 * questions).
 */
export function maxPointsPerMinute(
  measurements: readonly Measurement[],
  secureGateway: string,
  s1Points: number,
): number {
  const rates = measurements
    .filter((measurement) => measurement.scenario === 'S1' && measurement.front === secureGateway)
    .map((measurement) => measurement.load.requestsPerSecond);
  return Math.max(0, ...rates) * 60 * s1Points;
}

/** On against off for each of S1's ways at one connection, from the runs in turns, when they ran. */
export function securityOverheads(measurements: readonly Measurement[], security: SecurityReport): SecurityOverhead[] {
  const find = (run: string) =>
    measurements.find((measurement) => measurement.scenario === 'S1' && measurement.run === run);
  const { inProcess } = security;
  return LOW_LOAD_GATEWAY_RUNS.flatMap((way) => {
    const off = find(`${way.run}${IN_TURNS_OFF}`);
    const on = find(`${way.run}${IN_TURNS_ON}`);
    const control = find(`${way.run}${IN_TURNS_CONTROL}`);
    if (!off || !on || !control) return [];
    const admitUs = way.run === 'gateway c=1' ? inProcess.admitUs.regionPlan : inProcess.admitUs.planRoot;
    const inBothMs = (way.subgraphRequests * (inProcess.signUs + inProcess.verifyUs) + admitUs) / 1_000;
    const mean = (a: number, b: number) => (a + b) / 2;
    const addedP50Ms = on.load.p50Ms - mean(off.load.p50Ms, control.load.p50Ms);
    return [
      {
        asked: way.asked,
        run: way.run,
        off: { p50Ms: off.load.p50Ms, p99Ms: off.load.p99Ms, gatewayCpuMs: off.cpuMsPerRequest.front },
        on: { p50Ms: on.load.p50Ms, p99Ms: on.load.p99Ms, gatewayCpuMs: on.cpuMsPerRequest.front },
        control: { p50Ms: control.load.p50Ms, p99Ms: control.load.p99Ms, gatewayCpuMs: control.cpuMsPerRequest.front },
        addedP50Ms,
        addedP99Ms: on.load.p99Ms - mean(off.load.p99Ms, control.load.p99Ms),
        controlP50Ms: control.load.p50Ms - off.load.p50Ms,
        subgraphRequests: way.subgraphRequests,
        inBothMs,
        totalP50Ms: addedP50Ms + inBothMs,
      },
    ];
  });
}
