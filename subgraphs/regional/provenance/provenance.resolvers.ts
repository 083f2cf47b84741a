import { readFileSync } from 'node:fs';

export const typeDefs = readFileSync(new URL('./provenance.graphql', import.meta.url), 'utf8');

export const resolvers = {};
