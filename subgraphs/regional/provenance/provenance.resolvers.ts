import { readFileSync } from 'node:fs';
import { RupiahScalar } from '../../../shared/money/rupiah-scalar.ts';

export const typeDefs = readFileSync(new URL('./provenance.graphql', import.meta.url), 'utf8');

export const resolvers = {
  Rupiah: RupiahScalar,
};
