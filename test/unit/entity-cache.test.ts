import { describe, expect, it } from 'vitest';
import { EntityCache, type EntityRequest, type RegionAnswer } from '../../gateway/entity-cache/entity-cache.ts';
import { inMemoryEntityStore } from '../../gateway/entity-cache/entity-cache-store.ts';

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

function cacheWith(version: () => string | undefined = () => 'v1') {
  return new EntityCache(inMemoryEntityStore(1024 * 1024), version, 'test');
}

const lookupOf = (years: number[], fetch: ReturnType<typeof region>['fetch'], audience = '[]') => ({
  subgraph: 'regional',
  region: 'VI',
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
    let version: string | undefined = 'v1';
    const cache = cacheWith(() => version);
    const vi = region();
    await cache.answer(lookupOf([2021], vi.fetch));
    version = 'v2';
    await cache.answer(lookupOf([2021], vi.fetch));
    version = undefined;
    await cache.answer(lookupOf([2021], vi.fetch));
    await cache.answer(lookupOf([2021], vi.fetch));
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
    await cache.answer(lookupOf([2021], vi.fetch, '[["analyst"],""]'));
    await cache.answer(lookupOf([2021], vi.fetch, '[["admin"],""]'));
    expect(vi.asked).toEqual([[2021], [2021]]);
  });
});
