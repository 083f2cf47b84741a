import { readFileSync } from 'node:fs';
import type { NationalContext } from '../context.ts';
import { findAllIndicators } from '../indicators/indicator.queries.ts';
import { resolvers as single } from './indicator-comparison.resolvers.ts';

export const typeDefs = readFileSync(new URL('./indicator-comparisons.graphql', import.meta.url), 'utf8');

type ComparisonArguments = Omit<Parameters<typeof single.Query.compareIndicator>[1], 'indicator'> & {
  indicators?: string[] | null;
};

export const resolvers = {
  Query: {
    /** Each indicator as compareIndicator asks it, so that both fields validate and lay out the grid alike. */
    async compareIndicators(root: unknown, { indicators, ...question }: ComparisonArguments, context: NationalContext) {
      const ids = indicators
        ? [...new Set(indicators)]
        : (await findAllIndicators(context.db)).map((indicator) => indicator.id);
      return Promise.all(
        ids.map((indicator) => single.Query.compareIndicator(root, { ...question, indicator }, context)),
      );
    },
  },
};
