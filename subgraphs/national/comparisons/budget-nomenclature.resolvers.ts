import { readFileSync } from 'node:fs';
import type { NationalContext } from '../context.ts';
import { toBudgetItem } from './budget-item.mapper.ts';
import { COMPARABLE_LEVELS } from './budget-nomenclature.ts';

export const typeDefs = readFileSync(new URL('./budget-nomenclature.graphql', import.meta.url), 'utf8');

export const resolvers = {
  Query: {
    async budgetItems(_root: unknown, args: { level?: string | null }, context: NationalContext) {
      const levels = args.level ? [args.level] : COMPARABLE_LEVELS;
      const items = await Promise.all(levels.map((level) => context.loaders.nomenclatureByLevel.load(level)));
      return items.flat().map(toBudgetItem);
    },
  },
};
