import { createHash, type Hash } from 'node:crypto';
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

/** Where one representation's entry lives: a region of a sharded subgraph ('' for an unsharded one) and its version. */
export interface EntityScope {
  scope: string;
  version: string;
}

/** One `_entities` request looked up entity by entity, whatever the scopes its representations fall in. */
export interface EntitiesLookup {
  subgraph: string;
  request: EntityRequest;
  audience: string;
  /** A representation's scope, or undefined when it is not looked up (no region served, or its version unknown). */
  scopeOf: (representation: unknown) => EntityScope | undefined;
  /** Asks for the representations not found, in request order; each scope's fetch keeps its own (`fetchAndKeep`). */
  fetchMissing: (request: EntityRequest) => Promise<GraphQLHttpResponse>;
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

  /** Answers one fetch of one scope: entity by entity for `_entities`, whole otherwise. */
  async answer(lookup: EntityLookup): Promise<RegionAnswer> {
    const { version } = lookup;
    if (version === undefined) return lookup.fetch(lookup.request);
    if (!Array.isArray(lookup.request.variables?.representations)) return this.answerWhole(lookup);
    const scope = { scope: lookup.scope, version };
    let cacheControl: string | undefined;
    const body = await this.answerEntities({
      ...lookup,
      scopeOf: () => scope,
      fetchMissing: async (request) => {
        const fetched = await this.fetchAndKeep(lookup, request);
        cacheControl = fetched.cacheControl;
        return fetched.body;
      },
    });
    return { body, cacheControl };
  }

  /**
   * Cached entities from the store, the others through `fetchMissing`, in request order. A sharded subgraph's
   * request is looked up whole, all its regions in one store lookup, before it is split by region. A lookup per
   * region (a key prefix hashed, a promise and a slot of the router's concurrency each) had cost 1.5 ms for a
   * fetch of 400 kept cells over 200 regions; one lookup costs 0.56 ms (docs/performance.md, eighth pass).
   */
  async answerEntities(lookup: EntitiesLookup): Promise<GraphQLHttpResponse> {
    const representations = lookup.request.variables?.representations as unknown[];
    const keyOf = this.entityKeys(lookup.subgraph, lookup.request, lookup.audience);
    const keys = representations.map((representation) => {
      const scope = lookup.scopeOf(representation);
      return scope && keyOf(scope, representation);
    });
    const found = await this.found(keys);
    const missing = found.flatMap((entry, index) => (entry === undefined ? [index] : []));
    const hits = representations.length - missing.length;
    countLookups(lookup.subgraph, hits, keys.filter((key) => key !== undefined).length - hits);
    const entities: unknown[] = found.map((entry) => {
      if (entry === undefined) return null;
      const { cacheControl, value } = readEntry(entry);
      lookup.restrict(cacheControl);
      return value;
    });
    if (!missing.length) return { data: { _entities: entities } };

    const fetched = await lookup.fetchMissing({
      ...lookup.request,
      variables: { ...lookup.request.variables, representations: missing.map((index) => representations[index]) },
    });
    const received = fetched.data?._entities;
    // Malformed or errors only: judged as it would be without a cache.
    if (!Array.isArray(received) || received.length !== missing.length) return fetched;
    missing.forEach((index, local) => {
      entities[index] = received[local];
    });
    const errors = fetched.errors?.map((error) => inSliceOrder(error, missing));
    return errors?.length ? { data: { _entities: entities }, errors } : { data: { _entities: entities } };
  }

  /** Fetches one scope's `_entities` and keeps each entity no error points at, as the region's header allows. */
  async fetchAndKeep(lookup: EntityLookup, request: EntityRequest = lookup.request): Promise<RegionAnswer> {
    const fetched = await lookup.fetch(request);
    const representations = request.variables?.representations;
    const received = fetched.body.data?._entities;
    const { version } = lookup;
    if (
      version !== undefined &&
      Array.isArray(representations) &&
      Array.isArray(received) &&
      received.length === representations.length
    ) {
      const keyOf = this.entityKeys(lookup.subgraph, request, lookup.audience);
      const scope = { scope: lookup.scope, version };
      this.keepEntities(fetched, received, (local) => keyOf(scope, representations[local]));
    }
    return fetched;
  }

  /** The stored entries of these keys (undefined: none, or no key), in one lookup. */
  private async found(keys: Array<string | undefined>): Promise<Array<string | undefined>> {
    const looked = keys.filter((key): key is string => key !== undefined);
    const entries = looked.length ? await this.store.getMany(looked) : [];
    let next = 0;
    return keys.map((key) => (key === undefined ? undefined : entries[next++]));
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
   * Where a whole answer lives: subgraph, scope and version in clear (for reading a Redis), the selection hashed.
   * The selection is everything of the request but the representations: the query text, its operation name and
   * other variables, the audience, and the supergraph.
   */
  private keyPrefix(lookup: EntityLookup, selectionVariables: Record<string, unknown>): string {
    const selection = this.selectionDigest(lookup.subgraph, lookup.request, selectionVariables, lookup.audience);
    return `${lookup.subgraph}:${lookup.scope}:${lookup.version}:${selection}:`;
  }

  /** Where each entity of an `_entities` request lives: its scope's prefix, then the representation. */
  private entityKeys(
    subgraph: string,
    request: EntityRequest,
    audience: string,
  ): (scope: EntityScope, representation: unknown) => string {
    const { representations: _, ...selectionVariables } = request.variables ?? {};
    const selection = this.selectionDigest(subgraph, request, selectionVariables, audience);
    return ({ scope, version }, representation) =>
      `${subgraph}:${scope}:${version}:${selection}:${representationKey(representation)}`;
  }

  private selectionDigest(
    subgraph: string,
    request: EntityRequest,
    selectionVariables: Record<string, unknown>,
    audience: string,
  ): string {
    return rememberedDigest(
      JSON.stringify([
        this.namespace,
        subgraph,
        rememberedDigest(request.query),
        request.operationName,
        selectionVariables,
        audience,
      ]),
    );
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
 * The SHA-256 of a text, remembered when short: the query texts the gateway sends and the selections its keys
 * name. A fetch across 200 regions makes 200 keys of one selection, and hashed it 200 times before. A longer text
 * (a client's query or variables, routed to one region as written) is hashed each time, so that what is kept
 * stays within DIGESTS_LIMIT × REMEMBERED_TEXT_MAX characters.
 */
function rememberedDigest(text: string): string {
  if (text.length > REMEMBERED_TEXT_MAX) return createHash('sha256').update(text).digest('base64url');
  let digest = digests.get(text);
  if (digest === undefined) {
    if (digests.size >= DIGESTS_LIMIT) digests.clear();
    digest = createHash('sha256').update(text).digest('base64url');
    digests.set(text, digest);
  }
  return digest;
}

const digests = new Map<string, string>();
const DIGESTS_LIMIT = 500;
const REMEMBERED_TEXT_MAX = 8 * 1024;

/**
 * A representation as part of a key: as it is when short (a cell: type, region, year, indicator), the SHA-256 of
 * its JSON when long. National's representations carry the filled cells its rows require (80 KB at 200 regions);
 * those are hashed item by item (`digestOfJsonWithArrays`, the same digest), never made into one text.
 */
export function representationKey(representation: unknown): string {
  if (isObjectWithArrays(representation)) return digestOfJsonWithArrays(representation);
  const text = JSON.stringify(representation);
  return text.length <= 256 ? text : createHash('sha256').update(text).digest('base64url');
}

function isObjectWithArrays(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  for (const key in value)
    if (Object.hasOwn(value, key) && Array.isArray((value as Record<string, unknown>)[key])) return true;
  return false;
}

/**
 * The SHA-256 of `JSON.stringify(object)`, fed to the hash piece by piece: each key, each value that is no array,
 * each item of an array, as JSON.stringify writes them (a key whose value JSON leaves out is left out, an array's
 * missing item is null). Made whole, the text of national's representation at 200 regions had to be allocated in
 * the gateway's busy heap first: serialising and hashing it took 1.5–1.9 ms a question, item by item 0.9–1.1 ms
 * (measured side by side inside S5 at 200 shards).
 */
function digestOfJsonWithArrays(object: Record<string, unknown>): string {
  const hash = createHash('sha256');
  let separator = '{';
  for (const [key, value] of Object.entries(object)) {
    if (Array.isArray(value)) {
      hash.update(`${separator}${JSON.stringify(key)}:`);
      updateWithArray(hash, value);
    } else {
      const json = JSON.stringify(value);
      if (json === undefined) continue;
      hash.update(`${separator}${JSON.stringify(key)}:${json}`);
    }
    separator = ',';
  }
  return hash.update(separator === '{' ? '{}' : '}').digest('base64url');
}

function updateWithArray(hash: Hash, items: unknown[]): void {
  hash.update('[');
  for (let index = 0; index < items.length; index++) {
    const json = JSON.stringify(items[index]) ?? 'null';
    hash.update(index ? `,${json}` : json);
  }
  hash.update(']');
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
