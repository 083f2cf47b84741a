import { createHash } from 'node:crypto';
import { counter, gauge } from '../../shared/observability/metrics.ts';
import { cacheHintOf } from '../subgraph-http/cache-hint.ts';
import type { GraphQLHttpResponse } from '../subgraph-http/post-graphql.ts';
import type { EntityCacheStore } from './entity-cache-store.ts';

type GraphQLErrorShape = NonNullable<GraphQLHttpResponse['errors']>[number];

/** One region's request of `_entities`, as the shard router sends it. */
export interface EntityRequest {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

/** A region's answer and the cache-control header it came with (undefined: not cacheable, e.g. served stale). */
export interface RegionAnswer {
  body: GraphQLHttpResponse;
  cacheControl: string | undefined;
}

export interface EntityLookup {
  subgraph: string;
  region: string;
  request: EntityRequest;
  /** What decides who may share an answer: the caller's roles and the forwarded language. */
  audience: string;
  /** Sends the region the request with only these representations. */
  fetch: (request: EntityRequest) => Promise<RegionAnswer>;
  /** Narrows the operation's cache policy by a cached entity's header, as a fetched answer narrows it. */
  restrict: (cacheControl: string) => void;
}

const lookups = counter(
  'bkn_entity_cache_lookups_total',
  'Entities the gateway looked up in its entity cache, by sharded subgraph and result (hit: served without asking the region)',
  ['subgraph', 'result'],
);

const cachedBytes = gauge('bkn_entity_cache_bytes', "Bytes held by this gateway's in-process entity cache", []);

/** A stored entry: the cache-control header, a newline, the entity's JSON. */
const entryOf = (cacheControl: string, entity: unknown) => `${cacheControl}\n${JSON.stringify(entity)}`;

function readEntry(entry: string): { cacheControl: string; entity: unknown } {
  const newline = entry.indexOf('\n');
  return { cacheControl: entry.slice(0, newline), entity: JSON.parse(entry.slice(newline + 1)) };
}

/** The entity indexes an answer's errors point at, or undefined when an error points at none (it taints all). */
function erroredIndexes(errors: GraphQLErrorShape[] | undefined): Set<number> | undefined {
  const indexes = new Set<number>();
  for (const error of errors ?? []) {
    const index = error.path?.[0] === '_entities' ? error.path[1] : undefined;
    if (typeof index !== 'number') return undefined;
    indexes.add(index);
  }
  return indexes;
}

/**
 * The gateway's cache of each region's `_entities` answers, one entry per entity: keyed by the sharded subgraph,
 * the region, that region's own data version, the request's selection (query text and its other variables), the
 * audience, and the representation. A question whose cells were fetched before, in any combination of regions,
 * years or indicators, sends each region only the representations it has not answered yet. An import for one
 * region moves only that region's version, so every other region's entries stay valid; entries are never
 * invalidated any other way, and live at most as long as the region's cache-control max-age allows.
 */
export class EntityCache {
  constructor(
    private readonly store: EntityCacheStore,
    /** A region's current data version; undefined while unknown, and the cache is then neither read nor written. */
    private readonly regionVersion: (region: string) => string | undefined,
    /** Separates the entries of different supergraphs that share one Redis. */
    private readonly namespace: string,
  ) {}

  /** Answers one region's slice: cached entities from the store, the others from the region, in request order. */
  async answer(lookup: EntityLookup): Promise<RegionAnswer> {
    const representations = lookup.request.variables?.representations;
    const prefix = this.keyPrefix(lookup);
    if (!Array.isArray(representations) || prefix === undefined) return lookup.fetch(lookup.request);
    const keys = representations.map((representation) => prefix + JSON.stringify(representation));
    const found = await this.store.getMany(keys);
    const missing = found.flatMap((entry, index) => (entry === undefined ? [index] : []));
    lookups.inc({ subgraph: lookup.subgraph, result: 'hit' }, keys.length - missing.length);
    lookups.inc({ subgraph: lookup.subgraph, result: 'miss' }, missing.length);
    const entities: unknown[] = found.map((entry) => {
      if (entry === undefined) return null;
      const { cacheControl, entity } = readEntry(entry);
      lookup.restrict(cacheControl);
      return entity;
    });
    if (!missing.length) return { body: { data: { _entities: entities } }, cacheControl: undefined };

    const fetched = await lookup.fetch({
      ...lookup.request,
      variables: { ...lookup.request.variables, representations: missing.map((index) => representations[index]) },
    });
    const received = fetched.body.data?._entities;
    // Malformed or errors only: the router judges the answer as it would without a cache.
    if (!Array.isArray(received) || received.length !== missing.length) return fetched;
    missing.forEach((index, local) => {
      entities[index] = received[local];
    });
    this.keep(fetched, received, (local) => keys[missing[local]!]!);
    const errors = fetched.body.errors?.map((error) => inSliceOrder(error, missing));
    return {
      body: errors?.length ? { data: { _entities: entities }, errors } : { data: { _entities: entities } },
      cacheControl: fetched.cacheControl,
    };
  }

  /** The key prefix of a lookup's entities, or undefined while the region's version is unknown. */
  private keyPrefix(lookup: EntityLookup): string | undefined {
    const version = this.regionVersion(lookup.region);
    if (version === undefined) return undefined;
    const { representations: _, ...selectionVariables } = lookup.request.variables ?? {};
    const selection = createHash('sha256')
      .update(
        JSON.stringify([
          this.namespace,
          lookup.subgraph,
          lookup.request.query,
          lookup.request.operationName,
          selectionVariables,
          lookup.audience,
        ]),
      )
      .digest('base64url');
    return `${lookup.subgraph}:${lookup.region}:${version}:${selection}:`;
  }

  /** Stores each fetched entity no error points at, when the region allows a shared cache to keep its answer. */
  private keep(fetched: RegionAnswer, received: unknown[], keyOf: (local: number) => string): void {
    const hint = cacheHintOf(fetched.cacheControl);
    if (fetched.cacheControl === undefined || hint.maxAge <= 0 || hint.scope === 'PRIVATE') return;
    const errored = erroredIndexes(fetched.body.errors);
    if (!errored) return;
    const entries = received.flatMap((entity, local) =>
      errored.has(local)
        ? []
        : [{ key: keyOf(local), value: entryOf(fetched.cacheControl!, entity), ttlMs: hint.maxAge * 1000 }],
    );
    void this.store.setMany(entries).then(() => cachedBytes.set(this.store.bytesHeld()));
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** An error of the answer to the missing representations, its path pointed back at the slice's own index. */
function inSliceOrder(error: GraphQLErrorShape, missing: number[]): GraphQLErrorShape {
  const index = error.path?.[0] === '_entities' ? error.path[1] : undefined;
  if (typeof index !== 'number' || missing[index] === undefined) return error;
  return { ...error, path: ['_entities', missing[index], ...error.path!.slice(2)] };
}
