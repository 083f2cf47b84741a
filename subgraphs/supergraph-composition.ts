import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { nationalTypeDefs } from './national/national-schema.ts';
import { regionalTypeDefs } from './regional/regional-schema.ts';

/** The committed supergraph, beside the repository's root. */
export const SUPERGRAPH_FILE = new URL('../supergraph.graphql', import.meta.url);

// The URLs are the defaults of the separate-process topology; the gateway overrides them from its config.
const SUBGRAPHS = [
  { name: 'national', url: 'http://127.0.0.1:4001/graphql', typeDefs: () => nationalTypeDefs() },
  { name: 'regional', url: 'http://127.0.0.1:4100/graphql', typeDefs: () => regionalTypeDefs() },
];

export type Composition = { supergraph: string; hints: string[] } | { errors: string[] };

/** Composes the supergraph from the subgraphs' own SDL, as `npm run compose` writes it (a final newline). */
export function composeSupergraph(): Composition {
  const result = composeServices(
    SUBGRAPHS.map(({ name, url, typeDefs }) => ({ name, url, typeDefs: parse(typeDefs()) })),
  );
  if (result.errors) return { errors: result.errors.map((error) => error.message) };
  return {
    supergraph: `${result.supergraphSdl.trim()}\n`,
    hints: (result.hints ?? []).map((hint) => `${hint.definition.code}: ${hint.message}`),
  };
}
