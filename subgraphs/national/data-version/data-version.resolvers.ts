import { readFileSync } from 'node:fs';
import type { NationalContext } from '../context.ts';
import { readDataVersion, readRegionDataVersions } from './data-version.ts';

export const typeDefs = readFileSync(new URL('./data-version.graphql', import.meta.url), 'utf8');

export const resolvers = {
  Query: {
    dataVersion: (_root: unknown, _args: unknown, context: NationalContext) => readDataVersion(context.db),
    regionDataVersions: (_root: unknown, _args: unknown, context: NationalContext) =>
      readRegionDataVersions(context.db),
  },
};
