import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRICING_FACTS_QUERY } from '../../gateway/limits/pricing-facts.ts';
import { subgraphsAnsweringAlone } from '../../gateway/supergraph/subgraphs-answering-alone.ts';
import { composeSupergraph } from '../../subgraphs/supergraph-composition.ts';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

function supergraphOf(subgraphs: Record<string, string>): string {
  const composition = composeSupergraph(
    Object.entries(subgraphs).map(([name, sdl]) => ({
      name,
      url: `http://127.0.0.1:1/${name}`,
      typeDefs: `${LINK}\n${sdl}`,
    })),
  );
  if ('errors' in composition) throw new Error(composition.errors.join('\n'));
  return composition.supergraph;
}

describe('the subgraph the gateway asks its own questions', () => {
  it('is national for the data version and the pricing facts of the committed supergraph', () => {
    const supergraph = readFileSync('supergraph.graphql', 'utf8');
    expect(subgraphsAnsweringAlone(supergraph, '{ dataVersion }')).toEqual(['national']);
    expect(subgraphsAnsweringAlone(supergraph, PRICING_FACTS_QUERY)).toEqual(['national']);
    // Region.plans is regional's; no one subgraph answers both halves.
    expect(subgraphsAnsweringAlone(supergraph, '{ regions { code plans { year } } }')).toEqual([]);
  });

  it('is whichever subgraph resolves the fields, whatever its name', () => {
    const supergraph = supergraphOf({
      books: 'type Query { books: [Book!]! } type Book @key(fields: "isbn") { isbn: ID! title: String! }',
      catalogue: 'type Query { dataVersion: String } type Book @key(fields: "isbn") { isbn: ID! shelf: String! }',
      mirror: 'type Query { edition: String @shareable }',
      archive: 'type Query { edition: String @shareable }',
    });
    expect(subgraphsAnsweringAlone(supergraph, '{ dataVersion }')).toEqual(['catalogue']);
    expect(subgraphsAnsweringAlone(supergraph, '{ books { isbn title } }')).toEqual(['books']);
    expect(subgraphsAnsweringAlone(supergraph, '{ books { shelf } }')).toEqual([]);
    // A shareable field: every subgraph that defines it, in the supergraph's order.
    expect(subgraphsAnsweringAlone(supergraph, '{ edition __typename }').sort()).toEqual(['archive', 'mirror']);
    expect(() => subgraphsAnsweringAlone(supergraph, '{ regions { code } }')).toThrow(
      'the supergraph has no field Query.regions',
    );
  });
});
