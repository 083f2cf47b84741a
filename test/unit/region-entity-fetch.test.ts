import { readFileSync } from 'node:fs';
import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  clientAnswerOf,
  mergedClientAnswer,
  type RegionEntityFetch,
  regionEntityFetchesOf,
  regionEntityRequest,
} from '../../gateway/pass-through/region-entity-fetch.ts';
import { readSupergraph } from '../../gateway/supergraph/subgraphs-answering-alone.ts';

const supergraph = readSupergraph(readFileSync('supergraph.graphql', 'utf8'));
const isSharded = (subgraph: string) => subgraph === 'regional';
const configured = (region: string) => ['VI', 'XII'].includes(region);

function fetchesOf(query: string): RegionEntityFetch[] | undefined {
  const document = parse(query);
  return regionEntityFetchesOf(supergraph, document, getOperationAST(document)!, isSharded);
}

function fetchOf(query: string): RegionEntityFetch | undefined {
  const fetches = fetchesOf(query);
  if (fetches && fetches.length !== 1) throw new Error(`${fetches.length} fetches`);
  return fetches?.[0];
}

describe('region(code){ … } asked as the region’s own entity fetch', () => {
  const planQuery =
    'query Plan($code: String!, $year: Int!) { medan: region(code: $code) { code ...Budget } } ' +
    'fragment Budget on Region { plan(year: $year) { year totalBudget } }';

  it('becomes _entities on the region, with the fragments and variables it uses and not the code', () => {
    const fetch = fetchOf(planQuery)!;
    expect(fetch).toMatchObject({ subgraph: 'regional', responseKey: 'medan', operationName: 'Plan' });
    expect(fetch.query.replace(/\s+/g, ' ')).toBe(
      'query Plan($representations: [_Any!]!, $year: Int!) { _entities(representations: $representations) ' +
        '{ ... on Region { code ...Budget } } } fragment Budget on Region { plan(year: $year) { year totalBudget } }',
    );
    expect(regionEntityRequest(fetch, { code: ' vi', year: 2021 }, configured)).toEqual({
      region: 'VI',
      request: {
        query: fetch.query,
        operationName: 'Plan',
        variables: { representations: [{ __typename: 'Region', code: 'VI' }], year: 2021 },
      },
    });
  });

  it('is not asked for a code that is no configured region: national answers that one', () => {
    const fetch = fetchOf(planQuery)!;
    expect(regionEntityRequest(fetch, { code: 'XV', year: 2021 }, configured)).toBeUndefined();
    expect(regionEntityRequest(fetch, { code: 7, year: 2021 }, configured)).toBeUndefined();
    const literal = fetchOf('{ region(code: "xii") { plans { year } } }')!;
    expect(regionEntityRequest(literal, {}, configured)?.region).toBe('XII');
  });

  it('is one fetch per root field, each with only the variables and fragments it uses', () => {
    const fetches = fetchesOf(
      'query Two($a: String!, $b: String!, $year: Int!) { medan: region(code: $a) { ...Plan } ' +
        'pekanbaru: region(code: $b) { plans { year } } } fragment Plan on Region { plan(year: $year) { year } }',
    )!;
    expect(fetches.map((fetch) => [fetch.responseKey, fetch.code, [...fetch.variableNames]])).toEqual([
      ['medan', { variable: 'a' }, ['year']],
      ['pekanbaru', { variable: 'b' }, []],
    ]);
    expect(fetches[1]!.query).not.toContain('fragment');
    const variables = { a: 'VI', b: 'XII', year: 2021 };
    expect(fetches.map((fetch) => regionEntityRequest(fetch, variables, configured)?.request.variables)).toEqual([
      { representations: [{ __typename: 'Region', code: 'VI' }], year: 2021 },
      { representations: [{ __typename: 'Region', code: 'XII' }] },
    ]);
    expect(
      mergedClientAnswer([
        { data: { medan: { plan: { year: 2021 } } } },
        { data: { pekanbaru: null }, errors: [{ message: 'XII failed', path: ['pekanbaru'] }] },
      ]),
    ).toEqual({
      data: { medan: { plan: { year: 2021 } }, pekanbaru: null },
      errors: [{ message: 'XII failed', path: ['pekanbaru'] }],
    });
  });

  it('is not used where national has a part, or a root field is not a plain region(code)', () => {
    expect(fetchOf('{ region(code: "VI") { name plan(year: 2021) { year } } }')).toBeUndefined();
    expect(fetchOf('{ region(code: "VI") { code } regions { code } }')).toBeUndefined();
    expect(fetchesOf('{ a: region(code: "VI") { code } b: region(code: "XII") { name } }')).toBeUndefined();
    // One response key twice is one field with both selections merged: the planned path does that.
    expect(fetchesOf('{ region(code: "VI") { code } region(code: "VI") { plans { year } } }')).toBeUndefined();
    expect(fetchOf('{ region(code: "VI") @include(if: true) { code } }')).toBeUndefined();
    expect(fetchOf('query Q($representations: Int) { region(code: "VI") { code } }')).toBeUndefined();
    expect(fetchOf('{ regions { plan(year: 2021) { year } } }')).toBeUndefined();
    expect(fetchOf('{ plan(region: "VI", year: 2021) { year } }')).toBeUndefined();
  });

  it("gives the region's answer under the client's key, and its errors' paths there", () => {
    const fetch = fetchOf(planQuery)!;
    const entity = { code: 'VI', plan: { year: 2021, totalBudget: 12218328000 } };
    expect(clientAnswerOf(fetch, 'VI', { data: { _entities: [entity] } })).toEqual({ data: { medan: entity } });
    const failed = clientAnswerOf(fetch, 'VI', {
      data: { _entities: [null] },
      errors: [
        { message: 'Region VI is unavailable', path: ['_entities', 0], extensions: { code: 'REGION_UNAVAILABLE' } },
        { message: 'no path' },
      ],
    });
    // As Apollo's plan answers it: the code national gave, the region's own fields null.
    expect(failed).toEqual({
      data: { medan: { code: 'VI', plan: null } },
      errors: [
        { message: 'Region VI is unavailable', path: ['medan'], extensions: { code: 'REGION_UNAVAILABLE' } },
        { message: 'no path' },
      ],
    });
    const inner = clientAnswerOf(fetch, 'VI', {
      data: { _entities: [{ code: 'VI', plan: null }] },
      errors: [{ message: 'bad', path: ['_entities', 0, 'plan', 'totalBudget'] }],
    });
    expect(inner.errors).toEqual([{ message: 'bad', path: ['medan', 'plan', 'totalBudget'] }]);
  });
});
