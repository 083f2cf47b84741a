import { createHash } from 'node:crypto';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from '../logging/request-logging.ts';
import type { IncomingHeaders } from '../subgraph-http/forwarded-headers.ts';
import { counter, gauge } from '../../shared/observability/metrics.ts';
import { cacheHintOf } from '../subgraph-http/cache-hint.ts';
import type { GraphQLHttpResponse } from '../subgraph-http/post-graphql.ts';
import type { EntityCacheStore, StoredEntity } from './entity-cache-store.ts';

type GraphQLErrorShape = NonNullable<GraphQLHttpResponse['errors']>[number];

/** Who may share a cached answer: callers with the same roles asking in the same language. */
export function audienceOf(processOptions: GraphQLDataSourceProcessOptions): string {
  if (processOptions.kind !== 'incoming operation') return '';
  return audienceFor(
    processOptions.context as Partial<GatewayContext>,
    processOptions.incomingRequestContext.request.http?.headers,
  );
}

export function audienceFor(context: Partial<GatewayContext>, incoming: IncomingHeaders | undefined): string {
  const roles = [...(context.identity?.roles ?? [])].sort();
  return JSON.stringify([roles, languageOf(incoming?.get('accept-language'))]);
}

/**
 * The language part of an audience: `*` (any language, which fetch() sends when the caller sets none) is the
 * same as no Accept-Language at all, so that a script on fetch() and a BI tool that sends none share answers.
 * Before, national's whole answers cached for one were never hits for the other.
 */
function languageOf(acceptLanguage: string | null | undefined): string {
  const language = acceptLanguage?.trim() ?? '';
  return language === '*' ? '' : language;
}

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
  /** What the version covers: a region of a sharded subgraph, or '' for an unsharded one (the whole graph). */
  scope: string;
  /** The scope's data version; undefined while unknown, and the cache is then neither read nor written. */
  version: string | undefined;
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
const entryOf = (cacheControl: string, value: unknown) => `${cacheControl}\n${JSON.stringify(value)}`;

/** An entry's header and value, the value parsed anew: the gateway merges into what it is given. */
function readEntry(entry: string): { cacheControl: string; value: unknown } {
  const newline = entry.indexOf('\n');
  return { cacheControl: entry.slice(0, newline), value: JSON.parse(entry.slice(newline + 1)) };
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
 * The gateway's cache of subgraph answers, invalidated exactly by data versions. A sharded subgraph's `_entities`
 * answers are kept one entry per entity: keyed by the subgraph, the region, that region's own data version, the
 * request's selection (query text and its other variables), the audience, and the representation. A question
 * whose cells were fetched before, in any combination of regions, years or indicators, sends each region only the
 * representations it has not answered yet; an import for one region moves only that region's version, so every
 * other region's entries stay valid. Any other fetch (a root field routed to one region, or a request to an
 * unsharded subgraph such as national's `region(code)`) is kept whole, keyed by the version its `scope` has.
 * Entries are never invalidated any other way, and live at most as long as the subgraph's max-age allows.
 */
export class EntityCache {
  constructor(
    private readonly store: EntityCacheStore,
    /** Separates the entries of different supergraphs that share one Redis. */
    private readonly namespace: string,
  ) {}

  /** Answers one fetch: entity by entity for `_entities`, whole otherwise. */
  answer(lookup: EntityLookup): Promise<RegionAnswer> {
    if (lookup.version === undefined) return lookup.fetch(lookup.request);
    const representations = lookup.request.variables?.representations;
    return Array.isArray(representations) ? this.answerEntities(lookup, representations) : this.answerWhole(lookup);
  }

  /** Cached entities from the store, the others from the region, in request order. */
  private async answerEntities(lookup: EntityLookup, representations: unknown[]): Promise<RegionAnswer> {
    const { representations: _, ...selectionVariables } = lookup.request.variables ?? {};
    const prefix = this.keyPrefix(lookup, selectionVariables);
    const keys = representations.map((representation) => prefix + representationKey(representation));
    const found = await this.store.getMany(keys);
    const missing = found.flatMap((entry, index) => (entry === undefined ? [index] : []));
    countLookups(lookup.subgraph, keys.length - missing.length, missing.length);
    const entities: unknown[] = found.map((entry) => {
      if (entry === undefined) return null;
      const { cacheControl, value } = readEntry(entry);
      lookup.restrict(cacheControl);
      return value;
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
    this.keepEntities(fetched, received, (local) => keys[missing[local]!]!);
    const errors = fetched.body.errors?.map((error) => inSliceOrder(error, missing));
    return {
      body: errors?.length ? { data: { _entities: entities }, errors } : { data: { _entities: entities } },
      cacheControl: fetched.cacheControl,
    };
  }

  /** The whole answer from the store, or from the subgraph (kept when it has no error). */
  private async answerWhole(lookup: EntityLookup): Promise<RegionAnswer> {
    const key = this.keyPrefix(lookup, lookup.request.variables ?? {});
    const [entry] = await this.store.getMany([key]);
    countLookups(lookup.subgraph, entry === undefined ? 0 : 1, entry === undefined ? 1 : 0);
    if (entry !== undefined) {
      const { cacheControl, value } = readEntry(entry);
      lookup.restrict(cacheControl);
      return { body: value as GraphQLHttpResponse, cacheControl: undefined };
    }
    const fetched = await lookup.fetch(lookup.request);
    const ttlMs = shareableFor(fetched.cacheControl);
    if (ttlMs && fetched.body.data && !fetched.body.errors?.length)
      this.keep([{ key, value: entryOf(fetched.cacheControl!, fetched.body), ttlMs }]);
    return fetched;
  }

  /**
   * Where a lookup's entries live: subgraph, scope and version in clear (for reading a Redis), the rest hashed.
   * The selection is everything of the request but the representations: the query text, its operation name and
   * other variables, the audience, and the supergraph.
   */
  private keyPrefix(lookup: EntityLookup, selectionVariables: Record<string, unknown>): string {
    const selection = createHash('sha256')
      .update(
        JSON.stringify([
          this.namespace,
          lookup.subgraph,
          digestOfQuery(lookup.request.query),
          lookup.request.operationName,
          selectionVariables,
          lookup.audience,
        ]),
      )
      .digest('base64url');
    return `${lookup.subgraph}:${lookup.scope}:${lookup.version}:${selection}:`;
  }

  /** Stores each fetched entity no error points at, when the region allows a shared cache to keep its answer. */
  private keepEntities(fetched: RegionAnswer, received: unknown[], keyOf: (local: number) => string): void {
    const ttlMs = shareableFor(fetched.cacheControl);
    const errored = erroredIndexes(fetched.body.errors);
    if (!ttlMs || !errored) return;
    this.keep(
      received.flatMap((entity, local) =>
        errored.has(local) ? [] : [{ key: keyOf(local), value: entryOf(fetched.cacheControl!, entity), ttlMs }],
      ),
    );
  }

  private keep(entries: StoredEntity[]): void {
    void this.store.setMany(entries).then(() => cachedBytes.set(this.store.bytesHeld()));
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** How long a shared cache may keep an answer with this cache-control header: 0 when it may not (private, no max-age). */
function shareableFor(cacheControl: string | undefined): number {
  if (cacheControl === undefined) return 0;
  const hint = cacheHintOf(cacheControl);
  return hint.scope === 'PRIVATE' ? 0 : hint.maxAge * 1000;
}

/**
 * The SHA-256 of a query text, remembered: the gateway sends each region the same few `_entities` texts, and a key
 * is made for every region a question asks (200 at 200 shards), each hashing the text again before.
 */
function digestOfQuery(query: string): string {
  let digest = queryDigests.get(query);
  if (digest === undefined) {
    if (queryDigests.size >= QUERY_DIGESTS_LIMIT) queryDigests.clear();
    digest = createHash('sha256').update(query).digest('base64url');
    queryDigests.set(query, digest);
  }
  return digest;
}

const queryDigests = new Map<string, string>();
const QUERY_DIGESTS_LIMIT = 500;

/**
 * A representation as part of a key: as it is when short (a cell: type, region, year, indicator), its SHA-256
 * when long, since national's representations carry the filled cells its rows require (tens of kilobytes each).
 */
function representationKey(representation: unknown): string {
  const text = JSON.stringify(representation);
  return text.length <= 256 ? text : createHash('sha256').update(text).digest('base64url');
}

function countLookups(subgraph: string, hits: number, misses: number): void {
  if (hits) lookups.inc({ subgraph, result: 'hit' }, hits);
  if (misses) lookups.inc({ subgraph, result: 'miss' }, misses);
}

/** An error of the answer to the missing representations, its path pointed back at the slice's own index. */
function inSliceOrder(error: GraphQLErrorShape, missing: number[]): GraphQLErrorShape {
  const index = error.path?.[0] === '_entities' ? error.path[1] : undefined;
  if (typeof index !== 'number' || missing[index] === undefined) return error;
  return { ...error, path: ['_entities', missing[index], ...error.path!.slice(2)] };
}
