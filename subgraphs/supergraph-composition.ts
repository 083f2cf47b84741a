import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { SubgraphSchema } from '../shared/federation/subgraph-schemas.ts';
import { nationalTypeDefs } from './national/national-schema.ts';
import { regionalTypeDefs } from './regional/regional-schema.ts';

/** The committed supergraph, beside the repository's root. */
export const SUPERGRAPH_FILE = new URL('../supergraph.graphql', import.meta.url);

/**
 * The repository's own subgraphs, which the committed supergraph.graphql is composed of. The URLs are the
 * defaults of the separate-process topology; the gateway overrides them from its config.
 */
export function inRepoSubgraphs(): SubgraphSchema[] {
  return [
    { name: 'national', url: 'http://127.0.0.1:4001/graphql', typeDefs: nationalTypeDefs() },
    { name: 'regional', url: 'http://127.0.0.1:4100/graphql', typeDefs: regionalTypeDefs() },
  ];
}

export type Composition = { supergraph: string; hints: string[] } | { errors: string[] };

/**
 * Composes a supergraph from subgraph schemas, by default the repository's own (what `npm run compose` writes),
 * with a final newline. Another team's subgraph joins by being in the list (shared/federation/subgraph-list.ts).
 */
export function composeSupergraph(subgraphs: readonly SubgraphSchema[] = inRepoSubgraphs()): Composition {
  const names = subgraphs.map((subgraph) => subgraph.name);
  const twice = names.filter((name, index) => names.indexOf(name) !== index);
  if (twice.length) return { errors: twice.map((name) => `subgraph "${name}" is listed twice`) };
  const result = composeServices(
    subgraphs.map(({ name, url, typeDefs }) => ({ name, url, typeDefs: parse(typeDefs) })),
  );
  if (result.errors) return { errors: result.errors.map((error) => error.message) };
  return {
    supergraph: `${result.supergraphSdl.trim()}\n`,
    hints: (result.hints ?? []).map((hint) => `${hint.definition.code}: ${hint.message}`),
  };
}
