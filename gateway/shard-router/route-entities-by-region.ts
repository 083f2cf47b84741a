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

/** Sends one region its slice; the same query text and variables, only `representations` replaced. */
export type SendSlice = (region: string, representations: Representation[]) => Promise<GraphQLHttpResponse>;

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

/**
 * Sends one region its slice and writes its answers (or its failure) into the shared result, at the original indexes.
 */
async function fillFromRegion(slice: {
  region: string;
  indexes: number[];
  representations: Representation[];
  send: SendSlice;
  entities: unknown[];
  errors: GraphQLErrorShape[];
}): Promise<void> {
  const { region, indexes, entities, errors } = slice;
  const withRegion = (error: GraphQLErrorShape) => ({
    ...rewriteErrorPath(error, indexes),
    extensions: { ...error.extensions, region },
  });
  try {
    const response = await slice.send(
      region,
      indexes.map((index) => slice.representations[index]!),
    );
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
 * Splits an `_entities` request by region, sends the slices concurrently, and puts the answers back in
 * the original order. Never rejects: a failed region becomes nulls plus one REGION_UNAVAILABLE error,
 * because a rejection would make the gateway null every entity of the fetch, all regions included.
 */
export async function routeEntitiesByRegion(options: {
  representations: Representation[];
  key: RegionKey;
  configuredRegions: string[];
  send: SendSlice;
  /** At most this many regions in flight for one fetch, so that a wide fan-out does not flood sockets. */
  maxConcurrentRegions?: number;
}): Promise<GraphQLHttpResponse> {
  const { representations, key, configuredRegions, send } = options;
  const limit = pLimit(options.maxConcurrentRegions ?? DEFAULT_MAX_CONCURRENT_REGIONS);
  const configured = new Set(configuredRegions);
  const plan = planRouting(representations, key, (region) => configured.has(region));
  const entities: unknown[] = new Array(representations.length).fill(null);
  const errors: GraphQLErrorShape[] = regionNotConfigured(plan.unroutable, configuredRegions);

  await Promise.all(
    [...plan.slices].map(([region, indexes]) =>
      limit(() => fillFromRegion({ region, indexes, representations, send, entities, errors })),
    ),
  );
  return errors.length ? { data: { _entities: entities }, errors } : { data: { _entities: entities } };
}
