import pLimit from 'p-limit';
import { graphQLError, type ErrorCode } from '../../shared/errors/error-codes.ts';
import type { GraphQLHttpResponse } from '../subgraph-http/post-graphql.ts';
import { SubgraphHttpError } from '../subgraph-http/post-graphql.ts';
import { CircuitOpenError } from '../circuit-breaker/circuit-breaker.ts';

type GraphQLErrorShape = NonNullable<GraphQLHttpResponse['errors']>[number];
type Representation = Record<string, unknown>;

export const DEFAULT_MAX_CONCURRENT_REGIONS = 32;

/** How the router finds a representation's region: the key field that holds the region code, per type. */
export interface RegionKey {
  /** Field per __typename, e.g. { Region: 'code' }; other types use `defaultField`. */
  fieldByType: Readonly<Record<string, string>>;
  defaultField: string;
}

export function regionOf(representation: Representation, key: RegionKey): string | undefined {
  const typename = String(representation.__typename ?? '');
  const value = representation[key.fieldByType[typename] ?? key.defaultField];
  return typeof value === 'string' ? value : undefined;
}

export interface RoutingPlan {
  /** region → indexes into the original representations, in original order. */
  slices: Map<string, number[]>;
  /** Representations with no region, or a region without a configured service. */
  unroutable: Array<{ index: number; region: string | undefined }>;
}

export function planRouting(
  representations: Representation[],
  key: RegionKey,
  isConfigured: (region: string) => boolean,
): RoutingPlan {
  const slices = new Map<string, number[]>();
  const unroutable: RoutingPlan['unroutable'] = [];
  representations.forEach((representation, index) => {
    const region = regionOf(representation, key);
    if (region === undefined || !isConfigured(region)) {
      unroutable.push({ index, region });
      return;
    }
    const slice = slices.get(region);
    if (slice) slice.push(index);
    else slices.set(region, [index]);
  });
  return { slices, unroutable };
}

/** Maps an error path from a slice's local `_entities` index back to the original index. */
export function rewriteErrorPath(error: GraphQLErrorShape, indexes: number[]): GraphQLErrorShape {
  const path = error.path;
  if (path?.[0] !== '_entities' || typeof path[1] !== 'number') return error;
  const original = indexes[path[1]];
  return original === undefined
    ? { ...error, path: undefined }
    : { ...error, path: ['_entities', original, ...path.slice(2)] };
}

/** A registered error at `path`, as a subgraph answer carries it. */
export function errorAt(
  code: ErrorCode,
  message: string,
  path: ReadonlyArray<string | number>,
  extensions: Record<string, unknown>,
): GraphQLErrorShape {
  const { message: text, extensions: withCode } = graphQLError(code, message, extensions).toJSON();
  return { message: text, path, extensions: withCode };
}

/**
 * The error of a region whose request failed, naming the region and never its URL. A request cancelled with
 * the operation (client gone, deadline passed) is OPERATION_ABORTED: that region is not known to be down. A
 * request refused by the region's open circuit says so (`extensions.circuit: "open"`).
 */
export function regionFailure(
  region: string,
  cause: unknown,
  nulled: string,
  path: ReadonlyArray<string | number>,
  entries: number,
): GraphQLErrorShape {
  if (cause instanceof CircuitOpenError) {
    // Refused at once, without a call: the region failed repeatedly and its circuit is open.
    return errorAt(
      'REGION_UNAVAILABLE',
      `Region ${region} is unavailable: it ${cause.why}. ${nulled}; other regions are unaffected.`,
      path,
      {
        region,
        reason: 'CIRCUIT_OPEN',
        circuit: 'open',
        retryAfterSeconds: Math.ceil(cause.retryInMs / 1000),
        entries,
      },
    );
  }
  const reason = cause instanceof SubgraphHttpError ? cause.reason : 'BAD_RESPONSE';
  if (reason === 'ABORTED') {
    return errorAt(
      'OPERATION_ABORTED',
      `The operation was cancelled before region ${region} answered. ${nulled}`,
      path,
      { region, reason, entries },
    );
  }
  const detail = cause instanceof SubgraphHttpError ? cause.message : 'its answer could not be used';
  return errorAt(
    'REGION_UNAVAILABLE',
    `Region ${region} is unavailable: ${detail}. ${nulled}; other regions are unaffected.`,
    path,
    { region, reason, entries },
  );
}

function regionUnavailable(region: string, indexes: number[], cause: unknown): GraphQLErrorShape {
  return regionFailure(
    region,
    cause,
    `Its ${indexes.length} entr${indexes.length === 1 ? 'y is' : 'ies are'} null`,
    ['_entities', indexes[0]!],
    indexes.length,
  );
}

function regionNotConfigured(entries: RoutingPlan['unroutable'], configured: string[]): GraphQLErrorShape[] {
  const byRegion = new Map<string | undefined, number[]>();
  for (const { index, region } of entries) byRegion.set(region, [...(byRegion.get(region) ?? []), index]);
  return [...byRegion].map(([region, indexes]) =>
    errorAt(
      'REGION_NOT_CONFIGURED',
      region === undefined
        ? `Cannot route ${indexes.length} entit${indexes.length === 1 ? 'y' : 'ies'}: ` +
            'the representation carries no region code'
        : `No service is configured for region "${region}"; configured regions: ${configured.join(', ') || 'none'}`,
      ['_entities', indexes[0]!],
      { region: region ?? null, entries: indexes.length },
    ),
  );
}

/** One fetch's share of the routing: its representations and where its answers and errors go. */
interface RoutedFetch {
  representations: Representation[];
  plan: RoutingPlan;
  entities: unknown[];
  errors: GraphQLErrorShape[];
}

/**
 * Waits for one region's answer to its slice of a fetch and writes its entities (or its failure) into the fetch's
 * result, at the original indexes.
 */
async function fillFromRegion(slice: {
  region: string;
  indexes: number[];
  answer: () => Promise<GraphQLHttpResponse>;
  fetch: RoutedFetch;
}): Promise<void> {
  const { region, indexes } = slice;
  const { entities, errors } = slice.fetch;
  const withRegion = (error: GraphQLErrorShape) => ({
    ...rewriteErrorPath(error, indexes),
    extensions: { ...error.extensions, region },
  });
  try {
    const response = await slice.answer();
    const received = response.data?._entities;
    if (!Array.isArray(received) || received.length !== indexes.length) {
      // A region that answers only errors (e.g. its own validation failed) is not "unavailable": pass its errors on.
      if (response.errors?.length && !response.data) {
        errors.push(...response.errors.map(withRegion));
        return;
      }
      throw new SubgraphHttpError(
        `expected ${indexes.length} entities, got ${Array.isArray(received) ? received.length : 'none'}`,
        'BAD_RESPONSE',
      );
    }
    indexes.forEach((original, local) => {
      entities[original] = received[local];
    });
    errors.push(...(response.errors ?? []).map(withRegion));
  } catch (error) {
    errors.push(regionUnavailable(region, indexes, error));
  }
}

/**
 * Sends one region its slices of several fetches, in one request or several: one answer per slice, in the order
 * given. A promise that rejects fails that slice alone (its entries null, one REGION_UNAVAILABLE error).
 */
export type SendSlices = (
  region: string,
  slices: Array<{ fetch: number; representations: Representation[] }>,
) => Array<Promise<GraphQLHttpResponse>>;

/**
 * Splits `_entities` fetches by region, sends each region its slices of all of them at once, and puts each fetch's
 * answers back in its original order. Never rejects: a failed region becomes nulls plus one REGION_UNAVAILABLE error
 * per fetch, because a rejection would make the gateway null every entity of the fetch, all regions included.
 */
export async function routeEntityFetchesByRegion(options: {
  /** Each fetch's representations. */
  fetches: Representation[][];
  key: RegionKey;
  configuredRegions: string[];
  send: SendSlices;
  /** At most this many regions in flight, so that a wide fan-out does not flood sockets. */
  maxConcurrentRegions?: number;
}): Promise<GraphQLHttpResponse[]> {
  const { key, configuredRegions, send } = options;
  const limit = pLimit(options.maxConcurrentRegions ?? DEFAULT_MAX_CONCURRENT_REGIONS);
  const configured = new Set(configuredRegions);
  const fetches: RoutedFetch[] = options.fetches.map((representations) => {
    const plan = planRouting(representations, key, (region) => configured.has(region));
    return {
      representations,
      plan,
      entities: new Array(representations.length).fill(null),
      errors: regionNotConfigured(plan.unroutable, configuredRegions),
    };
  });
  const regions = new Set(fetches.flatMap((fetch) => [...fetch.plan.slices.keys()]));

  const askRegion = (region: string) => {
    const asking = fetches.flatMap((fetch, number) => {
      const indexes = fetch.plan.slices.get(region);
      return indexes ? [{ fetch, number, indexes }] : [];
    });
    let answers: Array<Promise<GraphQLHttpResponse>>;
    try {
      answers = send(
        region,
        asking.map(({ fetch, number, indexes }) => ({
          fetch: number,
          representations: indexes.map((index) => fetch.representations[index]!),
        })),
      );
    } catch (error) {
      answers = asking.map(() => Promise.reject(error));
    }
    return Promise.all(
      asking.map(({ fetch, indexes }, member) =>
        fillFromRegion({ region, indexes, answer: () => answers[member]!, fetch }),
      ),
    );
  };
  await Promise.all([...regions].map((region) => limit(() => askRegion(region))));
  return fetches.map(({ entities, errors }) =>
    errors.length ? { data: { _entities: entities }, errors } : { data: { _entities: entities } },
  );
}

/** Sends one region its slice; the same query text and variables, only `representations` replaced. */
export type SendSlice = (region: string, representations: Representation[]) => Promise<GraphQLHttpResponse>;

/** routeEntityFetchesByRegion for one fetch: each region its slice, in a request of its own. */
export async function routeEntitiesByRegion(options: {
  representations: Representation[];
  key: RegionKey;
  configuredRegions: string[];
  send: SendSlice;
  maxConcurrentRegions?: number;
}): Promise<GraphQLHttpResponse> {
  const [answer] = await routeEntityFetchesByRegion({
    fetches: [options.representations],
    key: options.key,
    configuredRegions: options.configuredRegions,
    send: (region, [slice]) => [options.send(region, slice!.representations)],
    maxConcurrentRegions: options.maxConcurrentRegions,
  });
  return answer!;
}
