import { readFileSync } from 'node:fs';
import { badUserInput } from '../../../shared/errors/error-codes.ts';
import type { NationalContext } from '../context.ts';
import { decodeComparisonId, encodeComparisonId } from './comparison-id.ts';
import { layOutCells, readGridQuestion, type GridQuestion } from './comparison-grid.ts';
import { describe, rankValues, tidy } from './comparison-statistics.ts';

export const typeDefs = readFileSync(new URL('./indicator-comparison.graphql', import.meta.url), 'utf8');

type Ranking = 'ACHIEVEMENT' | 'REALISATION';

interface IndicatorQuestion extends GridQuestion {
  indicatorId: string;
  /** Absent in ids encoded before rankings could be chosen: those ranked by… achievement now. */
  rankBy?: Ranking;
}

/** A cell as the gateway hands it back through @requires; `filled` is absent when the region did not answer. */
interface RequiredCell {
  filled?: boolean | null;
  code?: string | null;
  kind?: string | null;
  target?: number | null;
  realisation?: number | null;
  linkedBudget?: number | null;
  costPerTargetPoint?: number | null;
  agenciesServed?: number | null;
  targetAgencies?: number | null;
  realisationAgencies?: number | null;
}

interface Comparison {
  id: string;
  question: IndicatorQuestion;
  cells?: Array<RequiredCell | null>;
}

function comparisonFromId(id: string, cells?: Array<RequiredCell | null>): Comparison {
  return { id, question: decodeComparisonId<IndicatorQuestion>('indicator', id), cells };
}

function missingReason(cell: RequiredCell | null | undefined, kinds: string[] | null) {
  if (!cell || cell.filled !== true) return 'REGION_UNAVAILABLE';
  if (!cell.kind) return 'NO_PLAN';
  if (kinds && !kinds.includes(cell.kind)) return 'EXCLUDED_KIND';
  if (cell.target == null && cell.realisation == null) return 'NO_VALUE';
  return null;
}

/**
 * The rows of the asked years, with every figure derived from the cells the regions filled. Rows of a
 * kind the question left out stay in the list (marked EXCLUDED_KIND, without figures) so that the
 * summary can name them; the `rows` field does not show them.
 */
async function computeRows(comparison: Comparison, context: NationalContext) {
  const { question } = comparison;
  const indicator = await context.loaders.indicatorById.load(question.indicatorId);
  const higherIsBetter = indicator?.higher_is_better ?? true;
  const layout = layOutCells(question, (regionCode, year) => ({ regionCode, year }));
  const cellAt = new Map(
    layout.map((place, index) => [`${place.regionCode}@${place.year}`, comparison.cells?.[index] ?? null]),
  );
  const figures = (regionCode: string, year: number) => {
    const cell = cellAt.get(`${regionCode}@${year}`);
    return missingReason(cell, question.kinds) === null ? cell! : null;
  };

  const rows = question.regions.flatMap((regionCode) =>
    question.years.map((year) => {
      const cell = cellAt.get(`${regionCode}@${year}`) ?? null;
      const missing = missingReason(cell, question.kinds);
      const usable = missing === null || missing === 'NO_VALUE' ? cell : null;
      const target = usable?.target ?? null;
      const realisation = usable?.realisation ?? null;
      const previous = figures(regionCode, year - 1);
      const achievement =
        target !== null && realisation !== null && target !== 0 && realisation !== 0
          ? tidy(higherIsBetter ? (realisation / target) * 100 : (target / realisation) * 100)
          : null;
      return {
        region: { code: regionCode },
        year,
        code: usable?.code ?? null,
        kind: cell?.kind ?? null,
        target,
        realisation,
        achievement,
        gapToTarget:
          target !== null && realisation !== null
            ? tidy(higherIsBetter ? realisation - target : target - realisation)
            : null,
        targetChange: target !== null && previous?.target != null ? tidy(target - previous.target) : null,
        realisationChange:
          realisation !== null && previous?.realisation != null ? tidy(realisation - previous.realisation) : null,
        linkedBudget: usable?.linkedBudget ?? null,
        costPerTargetPoint: usable?.costPerTargetPoint ?? null,
        agenciesServed: usable?.agenciesServed ?? null,
        targetAgencies: usable?.targetAgencies ?? null,
        realisationAgencies: usable?.realisationAgencies ?? null,
        missing,
        rank: null as number | null,
        rankedAmong: null as number | null,
      };
    }),
  );
  rankEachYear(rows, question, higherIsBetter);
  return rows;
}

/**
 * Ranks the rows of each year that have the ranked figure (rows with a missing reason never do). Achievement
 * already points the better way (it is inverted where lower is better), so it ranks highest first.
 */
function rankEachYear(
  rows: Array<{
    year: number;
    missing: string | null;
    achievement: number | null;
    realisation: number | null;
    rank: number | null;
    rankedAmong: number | null;
  }>,
  question: IndicatorQuestion,
  higherIsBetter: boolean,
) {
  const byRealisation = question.rankBy === 'REALISATION';
  for (const year of question.years) {
    const candidates = rows.filter((row) => row.year === year && row.missing === null);
    const ranks = byRealisation
      ? rankValues(candidates, (row) => row.realisation, higherIsBetter)
      : rankValues(candidates, (row) => row.achievement, true);
    for (const [row, rank] of ranks) {
      row.rank = rank;
      row.rankedAmong = ranks.size;
    }
  }
}

async function computeSummary(comparison: Comparison, context: NationalContext) {
  const question = comparison.question;
  const allRows = await computeRows(comparison, context);
  const shown = allRows.filter((row) => row.missing === null || row.missing === 'NO_VALUE');
  const stats = (rows: typeof shown) => ({
    target: describe(rows.map((row) => row.target)),
    realisation: describe(rows.map((row) => row.realisation)),
    achievement: describe(rows.map((row) => row.achievement)),
  });
  return {
    ...stats(shown),
    byYear: question.years.map((year) => ({ year, ...stats(shown.filter((row) => row.year === year)) })),
    missing: allRows
      .filter((row) => row.missing !== null)
      .map((row) => ({ region: row.region, year: row.year, reason: row.missing })),
  };
}

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
      if (!indicator)
        throw badUserInput(`Unknown national indicator "${args.indicator}"; expected one of IKU-01 … IKU-14`, {
          argument: 'indicator',
          value: args.indicator,
        });
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
    __resolveReference: (reference: { id: string; cells?: Array<RequiredCell | null> }) =>
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
    summary: (comparison: Comparison, _args: unknown, context: NationalContext) => computeSummary(comparison, context),
  },
};
