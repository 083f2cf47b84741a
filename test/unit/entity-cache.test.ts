import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HeaderMap } from '@apollo/server';
import {
  audienceFor,
  EntityCache,
  type EntityRequest,
  type RegionAnswer,
  representationKey,
} from '../../gateway/entity-cache/entity-cache.ts';
import { ANALYST_ROLE } from '../../gateway/auth/identity.ts';
import { DEFLATE_FROM_CHARS, inMemoryEntityStore } from '../../gateway/entity-cache/entity-cache-store.ts';
import { routeRequestByRegion } from '../../gateway/shard-router/route-request-by-region.ts';

const QUERY =
  'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Cell { v } } }';
const cell = (year: number) => ({ __typename: 'Cell', regionCode: 'VI', year });
const SHAREABLE = 'max-age=300, public';

/** A region that answers each representation with its year, and remembers what it was asked. */
/** cacheControl null: the region sends no cache-control header. */
function region(cacheControl: string | null = SHAREABLE, errorAt?: number) {
  const asked: number[][] = [];
  const fetch = async (request: EntityRequest): Promise<RegionAnswer> => {
    const representations = request.variables!.representations as Array<{ year: number }>;
    asked.push(representations.map((representation) => representation.year));
    const errors =
      errorAt === undefined ? undefined : [{ message: 'no cell', path: ['_entities', errorAt, 'v'], extensions: {} }];
    return {
      body: { data: { _entities: representations.map(({ year }) => ({ v: year })) }, ...(errors ? { errors } : {}) },
      cacheControl: cacheControl ?? undefined,
    };
  };
  return { asked, fetch };
}

function cacheWith() {
  return new EntityCache(inMemoryEntityStore(1024 * 1024), 'test');
}

const lookupOf = (
  years: number[],
  fetch: ReturnType<typeof region>['fetch'],
  /** version null: the region's version is unknown. */
  { audience = '[]', version = 'v1' as string | null } = {},
) => ({
  subgraph: 'regional',
  scope: 'VI',
  version: version ?? undefined,
  request: { query: QUERY, variables: { representations: years.map(cell) } },
  audience,
  fetch,
  restrict: () => {},
});

describe('the entity cache', () => {
  it('sends only the representations it has no answer for, and answers in request order', async () => {
    const cache = cacheWith();
    const vi = region();
    await cache.answer(lookupOf([2021, 2022], vi.fetch));
    const answer = await cache.answer(lookupOf([2023, 2022, 2021], vi.fetch));
    expect(vi.asked).toEqual([[2021, 2022], [2023]]);
    expect(answer.body.data?._entities).toEqual([{ v: 2023 }, { v: 2022 }, { v: 2021 }]);
  });

  it('asks again once the region version moves, and not at all while it is unknown', async () => {
    const cache = cacheWith();
    const vi = region();
    await cache.answer(lookupOf([2021], vi.fetch, { version: 'v1' }));
    await cache.answer(lookupOf([2021], vi.fetch, { version: 'v2' }));
    await cache.answer(lookupOf([2021], vi.fetch, { version: null }));
    await cache.answer(lookupOf([2021], vi.fetch, { version: null }));
    expect(vi.asked).toEqual([[2021], [2021], [2021], [2021]]);
  });

  it('keeps no answer the region marks private or uncacheable, nor one with an error', async () => {
    for (const cacheControl of ['max-age=300, private', 'max-age=0', null]) {
      const cache = cacheWith();
      const vi = region(cacheControl);
      await cache.answer(lookupOf([2021], vi.fetch));
      await cache.answer(lookupOf([2021], vi.fetch));
      expect(vi.asked, String(cacheControl)).toEqual([[2021], [2021]]);
    }
    const cache = cacheWith();
    const failing = region(SHAREABLE, 1);
    await cache.answer(lookupOf([2021, 2022], failing.fetch));
    await cache.answer(lookupOf([2021, 2022], failing.fetch));
    expect(failing.asked, 'only the errored entity is asked again').toEqual([[2021, 2022], [2022]]);
  });

  it("points the errors of a partial answer at the slice's own indexes", async () => {
    const cache = cacheWith();
    await cache.answer(lookupOf([2021], region().fetch));
    const answer = await cache.answer(lookupOf([2021, 2022], region(SHAREABLE, 0).fetch));
    expect(answer.body.errors?.[0]?.path).toEqual(['_entities', 1, 'v']);
  });

  it('never shares an answer between audiences (roles, language)', async () => {
    const cache = cacheWith();
    const vi = region();
    await cache.answer(lookupOf([2021], vi.fetch, { audience: '[["analyst"],""]' }));
    await cache.answer(lookupOf([2021], vi.fetch, { audience: '[["admin"],""]' }));
    expect(vi.asked).toEqual([[2021], [2021]]);
  });

  it("takes Accept-Language: * (fetch()'s default) for no language, and any other language for its own", () => {
    const headers = (language?: string) => {
      const map = new HeaderMap();
      if (language !== undefined) map.set('accept-language', language);
      return map;
    };
    const analyst = { identity: { subject: 'a', roles: [ANALYST_ROLE], via: 'api-key' as const } };
    const none = audienceFor(analyst, headers());
    expect(audienceFor(analyst, headers('*'))).toBe(none);
    expect(audienceFor(analyst, headers(' * '))).toBe(none);
    expect(audienceFor(analyst, headers('id-ID'))).not.toBe(none);
    expect(audienceFor({}, headers('*'))).not.toBe(none);
  });
});

describe("a sharded subgraph's entities across regions", () => {
  const cellIn = (regionCode: string, year: number) => ({ __typename: 'Cell', regionCode, year });
  const regionKey = { fieldByType: {}, defaultField: 'regionCode' };

  /** Regions that answer each cell with its region and year (an error on `failingYear`), and remember what they were asked. */
  function regions(failingYear?: number) {
    const asked: string[] = [];
    const fetch =
      (code: string) =>
      async (request: EntityRequest): Promise<RegionAnswer> => {
        const cells = request.variables!.representations as Array<{ year: number }>;
        asked.push(`${code} ${cells.map((cell) => cell.year).join(',')}`);
        const failing = cells.findIndex((cell) => cell.year === failingYear);
        return {
          body: {
            data: { _entities: cells.map(({ year }) => (year === failingYear ? null : { v: `${code} ${year}` })) },
            ...(failing >= 0 ? { errors: [{ message: 'no cell', path: ['_entities', failing, 'v'] }] } : {}),
          },
          cacheControl: SHAREABLE,
        };
      };
    return { asked, fetch };
  }

  /** What the shard router does: one lookup across regions, the missing cells routed to their regions. */
  function askAcross(
    cache: EntityCache,
    cells: Array<ReturnType<typeof cellIn>>,
    fetch: (code: string) => (request: EntityRequest) => Promise<RegionAnswer>,
    versions: Record<string, string | undefined> = { VI: 'v1', XII: 'v1' },
  ) {
    const lookupIn = (region: string, request: EntityRequest) => ({
      subgraph: 'regional',
      scope: region,
      version: versions[region],
      request,
      audience: '[]',
      fetch: fetch(region),
      restrict: () => {},
    });
    return cache.answerEntities({
      subgraph: 'regional',
      request: { query: QUERY, variables: { representations: cells } },
      audience: '[]',
      scopeOf: (cell) => {
        const region = (cell as { regionCode: string }).regionCode;
        const version = versions[region];
        return version === undefined ? undefined : { scope: region, version };
      },
      fetchMissing: (request) =>
        routeRequestByRegion({
          request,
          regionKey,
          configuredRegions: ['VI', 'XII'],
          send: async (region, body) => (await cache.fetchAndKeep(lookupIn(region, body))).body,
        }),
      restrict: () => {},
    });
  }

  /** An in-process store that counts its lookups. */
  function countedStore() {
    const store = inMemoryEntityStore(1024 * 1024);
    const lookups: number[] = [];
    return {
      lookups,
      store: {
        ...store,
        getMany: (keys: string[]) => {
          lookups.push(keys.length);
          return store.getMany(keys);
        },
      },
    };
  }

  it('looks up every region in one store lookup, asks each region only for its missing cells, in request order', async () => {
    const { store, lookups } = countedStore();
    const cache = new EntityCache(store, 'test');
    const { asked, fetch } = regions();
    await askAcross(cache, [cellIn('VI', 2021), cellIn('XII', 2021)], fetch);
    const answer = await askAcross(
      cache,
      [cellIn('XII', 2022), cellIn('VI', 2021), cellIn('XII', 2021), cellIn('VI', 2022)],
      fetch,
    );
    expect(lookups).toEqual([2, 4]);
    expect(asked).toEqual(['VI 2021', 'XII 2021', 'XII 2022', 'VI 2022']);
    expect(answer).toEqual({
      data: { _entities: [{ v: 'XII 2022' }, { v: 'VI 2021' }, { v: 'XII 2021' }, { v: 'VI 2022' }] },
    });
  });

  it("points a region's errors at the request's own indexes, and keeps nothing of a region whose version is unknown", async () => {
    const cache = new EntityCache(inMemoryEntityStore(1024 * 1024), 'test');
    const { asked, fetch } = regions(2022);
    const versions = { VI: 'v1', XII: undefined };
    await askAcross(cache, [cellIn('VI', 2021), cellIn('XII', 2021)], fetch, versions);
    const answer = await askAcross(
      cache,
      [cellIn('XII', 2021), cellIn('VI', 2021), cellIn('VI', 2022)],
      fetch,
      versions,
    );
    expect(asked).toEqual(['VI 2021', 'XII 2021', 'XII 2021', 'VI 2022']);
    expect(answer.data?._entities).toEqual([{ v: 'XII 2021' }, { v: 'VI 2021' }, null]);
    expect(answer.errors?.map((error) => error.path)).toEqual([['_entities', 2, 'v']]);
  });
});

describe('the cache of whole answers (a root field, an unsharded subgraph)', () => {
  const rootLookup = (fetch: (request: EntityRequest) => Promise<RegionAnswer>, version = 'v1') => ({
    subgraph: 'national',
    scope: '',
    version,
    request: { query: '{ region(code: "VI") { __typename code } }' },
    audience: '[]',
    fetch,
    restrict: () => {},
  });

  it('answers a repeated fetch from the cache until the version moves, and never keeps an error', async () => {
    const cache = cacheWith();
    let calls = 0;
    const national = async (): Promise<RegionAnswer> => {
      calls++;
      return { body: { data: { region: { __typename: 'Region', code: 'VI' } } }, cacheControl: SHAREABLE };
    };
    const first = await cache.answer(rootLookup(national));
    const again = await cache.answer(rootLookup(national));
    expect(again.body).toEqual(first.body);
    expect(calls).toBe(1);
    await cache.answer(rootLookup(national, 'v2'));
    expect(calls).toBe(2);

    let failures = 0;
    const failing = async (): Promise<RegionAnswer> => {
      failures++;
      return { body: { data: { region: null }, errors: [{ message: 'no' }] }, cacheControl: SHAREABLE };
    };
    await cache.answer(rootLookup(failing, 'v3'));
    await cache.answer(rootLookup(failing, 'v3'));
    expect(failures).toBe(2);
  });
});

describe('the key of a representation', () => {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

  it('is a short representation itself, and a long one the SHA-256 of its JSON, arrays hashed item by item alike', () => {
    const cell = { __typename: 'IndicatorValue', regionCode: 'VI', year: 2021, indicator: 'IKU-01' };
    expect(representationKey(cell)).toBe(JSON.stringify(cell));
    const cells = Array.from({ length: 300 }, (_, index) => ({ ...cell, year: 2000 + index, filled: true }));
    const sparse: unknown[] = [1];
    sparse[3] = 'Pekanbaru ā 💡';
    for (const representation of [
      { __typename: 'IndicatorComparison', id: 'x'.repeat(300) },
      { __typename: 'IndicatorComparison', id: 'q', cells },
      // What JSON.stringify leaves out or writes as null: undefined values, functions, holes; nested arrays, toJSON.
      { skipped: undefined, id: 'q', nothing: null, cells: [undefined, () => 1, [1, [2]], new Date(0)], sparse },
      { cells: [] },
    ])
      expect(representationKey(representation)).toBe(sha256(JSON.stringify(representation)));
  });
});

describe('the in-process entity store', () => {
  it('gives back exactly what it kept, Latin-1 or beyond, and counts the bytes V8 holds them in', async () => {
    const store = inMemoryEntityStore(1024 * 1024);
    const latin = 'Kantor Regional VI, Medan: target 95,5 % é';
    const beyond = 'Pekanbaru ā 💡';
    await store.setMany([
      { key: 'a', value: latin, ttlMs: 60_000 },
      { key: 'b', value: beyond, ttlMs: 60_000 },
    ]);
    expect(await store.getMany(['a', 'b', 'c'])).toEqual([latin, beyond, undefined]);
    // One byte a character for the key and the Latin-1 value, two for the other; 144 for each entry besides.
    expect(store.bytesHeld()).toBe(1 + latin.length + 144 + 1 + 2 * beyond.length + 144);
  });

  it('keeps a large answer deflated, counts its deflated bytes, and gives it back exactly', async () => {
    const store = inMemoryEntityStore(1024 * 1024);
    // National's rows over many regions: the same fields again and again, figures and a name beyond Latin-1.
    const rows = Array.from({ length: 400 }, (_, index) => ({
      region: { code: `R${index}` },
      year: 2024,
      target: 90 + (index % 7) / 2,
      realisation: (index * 37) % 101,
      note: index % 50 === 0 ? 'Pekanbaru ā' : null,
    }));
    const value = JSON.stringify({ data: { _entities: [{ rows }] } });
    expect(value.length).toBeGreaterThan(DEFLATE_FROM_CHARS);
    await store.setMany([{ key: 'national', value, ttlMs: 60_000 }]);
    expect(await store.getMany(['national'])).toEqual([value]);
    // Held in a fifth of its characters or less: what lets a cycle of such answers stay in the bound.
    expect(store.bytesHeld()).toBeLessThan(value.length / 5);
    expect(store.bytesHeld()).toBeGreaterThan(8 + 144);
  });

  it('drops the least recently used entries beyond its bound', async () => {
    const store = inMemoryEntityStore(3 * (1 + 100 + 144));
    for (const key of ['a', 'b', 'c', 'd']) await store.setMany([{ key, value: 'x'.repeat(100), ttlMs: 60_000 }]);
    expect((await store.getMany(['a', 'b', 'c', 'd'])).map((value) => value !== undefined)).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });
});
