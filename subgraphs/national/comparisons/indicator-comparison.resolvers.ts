import { readFileSync } from 'node:fs';
import { badUserInput } from '../../../shared/errors/error-codes.ts';
import type { NationalContext } from '../context.ts';
import { findIndicatorIds } from '../indicators/indicator.queries.ts';
import { pairByPosition, regionYearGrid } from './comparison-cell-key.ts';
import { layOutCells, layOutRegionYears } from './comparison-grid.ts';
import { decodeComparisonId, encodeComparisonId } from './comparison-id.ts';
import type { Ranking } from './comparison-ranking.ts';
import type { IndicatorCellFigures } from './filled-cells.ts';
import { readGridQuestion } from './grid-question.ts';
import { type IndicatorQuestion, indicatorComparisonRows } from './indicator-comparison-rows.ts';
import { indicatorComparisonSummary } from './indicator-comparison-summary.ts';
import { oncePerComparison } from './once-per-comparison.ts';

export const typeDefs = readFileSync(new URL('./indicator-comparison.graphql', import.meta.url), 'utf8');

interface Comparison {
  id: string;
  question: IndicatorQuestion;
  cells?: Array<IndicatorCellFigures | null>;
}

function comparisonFromId(id: string, cells?: Array<IndicatorCellFigures | null>): Comparison {
  return { id, question: decodeComparisonId<IndicatorQuestion>('indicator', id), cells };
}

/**
 * The comparison's rows, EXCLUDED_KIND ones included (the summary names them), from the cells filled; once per
 * comparison, for `rows` and `summary` both.
 */
const computeRows = oncePerComparison(async (comparison: Comparison, context: NationalContext) => {
  const { question } = comparison;
  const indicator = await context.loaders.indicatorById.load(question.indicatorId);
  const cells = regionYearGrid(pairByPosition(layOutRegionYears(question), comparison.cells));
  return indicatorComparisonRows(question, cells, indicator?.higher_is_better ?? true);
});

export const resolvers = {
  Query: {
    async compareIndicator(
      _root: unknown,
      args: {
        indicator: string;
        regions?: string[] | null;
        years?: number[] | null;
        kinds?: string[] | null;
        provinces?: string[] | null;
        rankBy?: Ranking | null;
      },
      context: NationalContext,
    ) {
      const indicator = await context.loaders.indicatorById.load(args.indicator);
      if (!indicator) {
        const known = (await findIndicatorIds(context.db)).join(', ');
        throw badUserInput(`Unknown national indicator "${args.indicator}"; expected one of ${known}`, {
          argument: 'indicator',
          value: args.indicator,
        });
      }
      const question = await readGridQuestion(args, context);
      return comparisonFromId(
        encodeComparisonId('indicator', {
          indicatorId: indicator.id,
          ...question,
          rankBy: args.rankBy ?? 'ACHIEVEMENT',
        }),
      );
    },
  },
  IndicatorComparison: {
    __resolveReference: (reference: { id: string; cells?: Array<IndicatorCellFigures | null> }) =>
      comparisonFromId(reference.id, reference.cells),
    indicator: (comparison: Comparison) => ({ id: comparison.question.indicatorId }),
    rankedBy: (comparison: Comparison) => comparison.question.rankBy ?? 'ACHIEVEMENT',
    regions: (comparison: Comparison) => comparison.question.regions.map((code) => ({ code })),
    years: (comparison: Comparison) => comparison.question.years,
    cells: (comparison: Comparison) =>
      layOutCells(comparison.question, (regionCode, year) => ({
        indicatorId: comparison.question.indicatorId,
        regionCode,
        year,
      })),
    rows: async (comparison: Comparison, _args: unknown, context: NationalContext) =>
      (await computeRows(comparison, context)).filter((row) => row.missing !== 'EXCLUDED_KIND'),
    summary: async (comparison: Comparison, _args: unknown, context: NationalContext) =>
      indicatorComparisonSummary(comparison.question.years, await computeRows(comparison, context)),
  },
};
