import { readFileSync } from 'node:fs';
import type { NationalContext } from '../context.ts';
import { readGridQuestion } from './grid-question.ts';
import { staffComparisonCells } from './staff-comparison.ts';

export const typeDefs = readFileSync(new URL('./staff-comparison.graphql', import.meta.url), 'utf8');

export const resolvers = {
  Query: {
    async compareStaff(
      _root: unknown,
      args: {
        regions?: string[] | null;
        years?: number[] | null;
        kinds?: string[] | null;
        provinces?: string[] | null;
      },
      context: NationalContext,
    ) {
      const question = await readGridQuestion(args, context);
      const registry = await context.loaders.planRegistry.load('all');
      return staffComparisonCells(
        question,
        registry.map((row) => ({ regionCode: row.region_code, year: row.year, kind: row.kind })),
      );
    },
  },
};
