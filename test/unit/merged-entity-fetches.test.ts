import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  canMergeEntityFetches,
  mergeEntityFetches,
  splitMergedAnswer,
} from '../../gateway/shard-router/merged-entity-fetches.ts';
import { SubgraphHttpError } from '../../gateway/subgraph-http/post-graphql.ts';

// The two regional fetches @apollo/gateway plans for a budget comparison (S3), as it prints them.
const CELLS =
  'query CompareBudget__regional__1($representations:[_Any!]!){_entities(representations:$representations)' +
  '{...on BudgetCell{filled amount realisedAmount}}}';
const TOTALS =
  'query CompareBudget__regional__2($representations:[_Any!]!){_entities(representations:$representations)' +
  '{...on RegionYear{filled totalBudget realisedBudget}}}';

const cell = (regionCode: string, year: number, code: string) => ({
  __typename: 'BudgetCell',
  regionCode,
  year,
  code,
});
const total = (regionCode: string, year: number) => ({ __typename: 'RegionYear', regionCode, year });

const fetchOf = (query: string, representations: unknown[], variables: Record<string, unknown> = {}) => ({
  query,
  operationName: query.slice(6, query.indexOf('(')),
  variables: { ...variables, representations },
});

describe('merging the `_entities` fetches one operation sends a region side by side', () => {
  it('asks one query with every fetch its fragments, and the representations in the order of the fetches', () => {
    const cells = fetchOf(CELLS, [cell('VI', 2021, 'A'), cell('VI', 2022, 'A')]);
    const totals = fetchOf(TOTALS, [total('VI', 2021)]);
    expect(canMergeEntityFetches([cells, totals])).toBe(true);

    const merged = mergeEntityFetches([cells, totals]);
    expect(print(parse(merged.query))).toBe(
      print(
        parse(
          'query CompareBudget__regional__1($representations: [_Any!]!) { _entities(representations: $representations) ' +
            '{ ... on BudgetCell { filled amount realisedAmount } ... on RegionYear { filled totalBudget realisedBudget } } }',
        ),
      ),
    );
    expect(merged.operationName).toBe('CompareBudget__regional__1');
    expect(merged.variables).toEqual({
      representations: [cell('VI', 2021, 'A'), cell('VI', 2022, 'A'), total('VI', 2021)],
    });
  });

  it('keeps the variables the fetches share, once, when they agree', () => {
    const withYear = (query: string) =>
      query
        .replace('($representations:[_Any!]!)', '($representations:[_Any!]!,$year:Int)')
        .replace('filled ', 'filled(year:$year) ');
    const cells = fetchOf(withYear(CELLS), [cell('VI', 2021, 'A')], { year: 2021 });
    const totals = fetchOf(withYear(TOTALS), [total('VI', 2021)], { year: 2021 });
    expect(canMergeEntityFetches([cells, totals])).toBe(true);
    const merged = mergeEntityFetches([cells, totals]);
    expect(parse(merged.query).definitions[0]).toMatchObject({ variableDefinitions: [{}, {}] });
    expect(merged.variables).toMatchObject({ year: 2021 });

    expect(canMergeEntityFetches([cells, { ...totals, variables: { ...totals.variables, year: 2022 } }])).toBe(false);
  });

  it('does not merge fetches it cannot answer exactly with one query', () => {
    const cells = fetchOf(CELLS, [cell('VI', 2021, 'A')]);
    // One type in both: each of its entities would get both selections.
    const otherCells = fetchOf(CELLS.replace('__1', '__3').replace('amount', 'name'), [cell('VI', 2021, 'B')]);
    expect(canMergeEntityFetches([cells, otherCells])).toBe(false);
    // A named fragment, a root field, an alias, a directive: not the plain shape.
    const named = fetchOf(
      'query Q($representations:[_Any!]!){_entities(representations:$representations){...Totals}} ' +
        'fragment Totals on RegionYear{filled}',
      [total('VI', 2021)],
    );
    const rootField = fetchOf('query Q($region:String!){plan(region:$region,year:2021){year}}', []);
    const aliased = fetchOf(TOTALS.replace('{_entities(', '{e:_entities('), [total('VI', 2021)]);
    const skipped = fetchOf(TOTALS.replace('...on RegionYear', '...on RegionYear@skip(if:false)'), [total('VI', 2021)]);
    for (const other of [named, rootField, aliased, skipped]) expect(canMergeEntityFetches([cells, other])).toBe(false);
    // A fragment on a type none of the fetch's representations has (an interface, say) could apply to the other
    // fetch's entities too.
    const onInterface = fetchOf(TOTALS.replace('...on RegionYear', '...on Node'), [total('VI', 2021)]);
    expect(canMergeEntityFetches([cells, onInterface])).toBe(false);
    const extraFragment = fetchOf(TOTALS.replace('...on RegionYear{', '...on Node{id} ...on RegionYear{'), [
      total('VI', 2021),
    ]);
    expect(canMergeEntityFetches([cells, extraFragment])).toBe(false);
    // One fetch alone is sent as it is.
    expect(canMergeEntityFetches([cells])).toBe(false);
  });

  it('gives each fetch its own entities and the errors that point at them, at their own indexes', () => {
    const answer = {
      data: { _entities: [{ amount: '1' }, null, { totalBudget: '3' }] },
      errors: [
        { message: 'no plan', path: ['_entities', 1, 'amount'], extensions: { code: 'NOT_FOUND' } },
        { message: 'no total', path: ['_entities', 2], extensions: { code: 'NOT_FOUND' } },
        { message: 'whole request', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ],
    };
    expect(splitMergedAnswer(answer, [2, 1])).toEqual([
      {
        data: { _entities: [{ amount: '1' }, null] },
        errors: [
          { message: 'no plan', path: ['_entities', 1, 'amount'], extensions: { code: 'NOT_FOUND' } },
          { message: 'whole request', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        ],
      },
      {
        data: { _entities: [{ totalBudget: '3' }] },
        errors: [
          { message: 'no total', path: ['_entities', 0], extensions: { code: 'NOT_FOUND' } },
          { message: 'whole request', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        ],
      },
    ]);
    expect(splitMergedAnswer({ data: { _entities: [{ a: 1 }, { b: 2 }] } }, [1, 1])).toEqual([
      { data: { _entities: [{ a: 1 }] } },
      { data: { _entities: [{ b: 2 }] } },
    ]);
  });

  it('passes errors-only answers to each fetch and calls a wrong number of entities a bad response', () => {
    const refused = { errors: [{ message: 'invalid', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] };
    expect(splitMergedAnswer(refused, [2, 1])).toEqual([refused, refused]);
    const short = () => splitMergedAnswer({ data: { _entities: [{}, {}] } }, [2, 1]);
    expect(short).toThrow(SubgraphHttpError);
    expect(short).toThrow('expected 3 entities, got 2');
  });
});
