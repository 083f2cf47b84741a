import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { describe, expect, it } from 'vitest';
import { InProcessRegionRouterDataSource } from '../../bench/in-process-data-sources.ts';
import { routeRequestByRegion } from '../../gateway/shard-router/route-request-by-region.ts';
import type { GraphQLHttpResponse } from '../../gateway/subgraph-http/post-graphql.ts';

const KEY = { fieldByType: { Region: 'code' }, defaultField: 'regionCode' };

describe('routing a request of the sharded subgraph by region', () => {
  it('sends each region its slice of the representations, under the same query', async () => {
    const sent: Array<[string, unknown]> = [];
    const response = await routeRequestByRegion({
      request: {
        query: 'query($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }',
        variables: {
          representations: [
            { __typename: 'Region', code: 'XII' },
            { __typename: 'WorkPlan', regionCode: 'VI', year: 2021 },
          ],
        },
      },
      regionKey: KEY,
      configuredRegions: ['VI', 'XII'],
      send: async (region, operation) => {
        sent.push([region, operation.variables.representations]);
        return { data: { _entities: (operation.variables.representations as unknown[]).map(() => ({ region })) } };
      },
    });
    expect(response.data!._entities).toEqual([{ region: 'XII' }, { region: 'VI' }]);
    expect(sent.sort()).toEqual([
      ['VI', [{ __typename: 'WorkPlan', regionCode: 'VI', year: 2021 }]],
      ['XII', [{ __typename: 'Region', code: 'XII' }]],
    ]);
  });

  it('sends a root field to the region its region argument names', async () => {
    const sent: string[] = [];
    const response = await routeRequestByRegion({
      request: { query: '{ a: plan(region: "VI", year: 2021) { year } b: plan(region: "xii", year: 2024) { year } }' },
      regionKey: KEY,
      configuredRegions: ['VI', 'XII'],
      send: async (region, operation): Promise<GraphQLHttpResponse> => {
        sent.push(`${region}: ${operation.query.replace(/\s+/g, ' ')}`);
        const key = region === 'VI' ? 'a' : 'b';
        return { data: { [key]: { year: region === 'VI' ? 2021 : 2024 } } };
      },
    });
    expect(response).toEqual({ data: { a: { year: 2021 }, b: { year: 2024 } } });
    expect(sent.sort()).toEqual([
      'VI: { a: plan(region: "VI", year: 2021) { year } }',
      'XII: { b: plan(region: "xii", year: 2024) { year } }',
    ]);
  });
});

describe("the bench's in-process regional subgraph", () => {
  // One region's plan, answered from the context of the region the resolver runs in.
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        plan: {
          type: GraphQLString,
          args: { region: { type: new GraphQLNonNull(GraphQLString) }, year: { type: GraphQLInt } },
          resolve: (_root, args: { year: number }, context: { region: string }) => `${context.region} ${args.year}`,
        },
      },
    }),
  });
  const contexts = new Map(['VI', 'XII'].map((region) => [region, () => ({ region })]));

  it('routes a root field by its region argument, as the gateway does', async () => {
    const source = new InProcessRegionRouterDataSource(schema, contexts);
    const response = await source.process({
      // Not an incoming operation, so no gateway request context is needed; the data source reads only `request`.
      kind: 'loading schema' as Exclude<GraphQLDataSourceProcessOptions['kind'], 'incoming operation'>,
      context: {},
      request: { query: 'query($r: String!) { plan(region: $r, year: 2024) }', variables: { r: 'XII' } },
    });
    expect(response).toEqual({ data: { plan: 'XII 2024' } });
  });
});
