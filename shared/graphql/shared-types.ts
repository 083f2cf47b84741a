import { readFileSync } from 'node:fs';
import { RupiahScalar } from '../money/rupiah-scalar.ts';

/** A feature both subgraphs include: the Rupiah scalar and the enums they share, declared identically. */
export const typeDefs = readFileSync(new URL('./shared-types.graphql', import.meta.url), 'utf8');

export const resolvers = {
  Rupiah: RupiahScalar,
};
