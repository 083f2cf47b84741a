import { readFileSync } from 'node:fs';
import { badUserInput } from '../../../shared/errors/error-codes.ts';
import type { NationalContext } from '../context.ts';
import { type BudgetQuestion, fillBudgetGrid, layOutBudgetComparison } from './budget-comparison-layout.ts';
import { budgetComparisonRows } from './budget-comparison-rows.ts';
import { budgetComparisonSummary } from './budget-comparison-summary.ts';
import { toBudgetItem } from './budget-item.mapper.ts';
import { COMPARABLE_LEVELS } from './budget-nomenclature.ts';
import { pairByPosition, regionYearGrid } from './comparison-cell-key.ts';
import { layOutRegionYears } from './comparison-grid.ts';
import { decodeComparisonId, encodeComparisonId } from './comparison-id.ts';
import type { BudgetCellFigures, RegionYearFigures } from './filled-cells.ts';
import { readGridQuestion } from './grid-question.ts';
import { spendingComparisonRows } from './spending-comparison-rows.ts';
import { oncePerComparison } from './once-per-comparison.ts';

export const typeDefs = readFileSync(new URL('./budget-comparison.graphql', import.meta.url), 'utf8');

interface Comparison {
  id: string;
  question: BudgetQuestion;
  cells?: Array<BudgetCellFigures | null>;
  totals?: Array<RegionYearFigures | null>;
}

function comparisonFromId(id: string, reference: Partial<Comparison> = {}): Comparison {
  return {
    id,
    question: decodeComparisonId<BudgetQuestion>('budget', id),
    cells: reference.cells,
    totals: reference.totals,
  };
}

/**
 * The comparison's rows, EXCLUDED_KIND ones included (the summary names them), from the cells filled; once per
 * comparison, for `rows` and `summary` both.
 */
const computeRows = oncePerComparison(async (comparison: Comparison, context: NationalContext) => {
  const { question } = comparison;
  const nomenclature = await context.loaders.nomenclatureByLevel.load(question.level);
  const grid = fillBudgetGrid(layOutBudgetComparison(question, nomenclature), comparison);
  return budgetComparisonRows(question, nomenclature, grid);
});

/** The codes asked, trimmed and unique; every code of the level when none is asked. */
function readBudgetCodes(level: string, codes: string[] | null | undefined, known: string[]): string[] {
  const unknown = (codes ?? []).filter((code) => !known.includes(code.trim()));
  if (unknown.length) {
    const listed = unknown.map((code) => `"${code}"`).join(', ');
    throw badUserInput(`Not ${level} codes of the budget nomenclature: ${listed}; known: ${known.join(', ')}`, {
      argument: 'codes',
      value: unknown,
    });
  }
  return codes ? [...new Set(codes.map((code) => code.trim()))] : known;
}

export const resolvers = {
  Query: {
    async compareBudget(
      _root: unknown,
      args: {
        level: string;
        codes?: string[] | null;
        regions?: string[] | null;
        years?: number[] | null;
        kinds?: string[] | null;
        provinces?: string[] | null;
      },
      context: NationalContext,
    ) {
      if (!COMPARABLE_LEVELS.includes(args.level)) {
        throw badUserInput(
          `Budgets compare at PROGRAM, KEGIATAN, KRO or RO level; ${args.level} codes are each region's own`,
          { argument: 'level', value: args.level },
        );
      }
      const items = await context.loaders.nomenclatureByLevel.load(args.level);
      const codes = readBudgetCodes(args.level, args.codes, [...new Set(items.map((item) => item.code))]);
      const question = await readGridQuestion(args, context);
      return comparisonFromId(encodeComparisonId('budget', { level: args.level, codes, ...question }));
    },
  },
  BudgetComparison: {
    __resolveReference: (reference: Partial<Comparison> & { id: string }) => comparisonFromId(reference.id, reference),
    level: (comparison: Comparison) => comparison.question.level,
    async items(comparison: Comparison, _args: unknown, context: NationalContext) {
      const items = await context.loaders.nomenclatureByLevel.load(comparison.question.level);
      return items.filter((item) => comparison.question.codes.includes(item.code)).map(toBudgetItem);
    },
    regions: (comparison: Comparison) => comparison.question.regions.map((code) => ({ code })),
    years: (comparison: Comparison) => comparison.question.years,
    async cells(comparison: Comparison, _args: unknown, context: NationalContext) {
      const nomenclature = await context.loaders.nomenclatureByLevel.load(comparison.question.level);
      return layOutBudgetComparison(comparison.question, nomenclature).cells;
    },
    totals: (comparison: Comparison) => layOutRegionYears(comparison.question),
    rows: async (comparison: Comparison, _args: unknown, context: NationalContext) =>
      (await computeRows(comparison, context)).filter((row) => row.missing !== 'EXCLUDED_KIND'),
    spending: (comparison: Comparison) =>
      spendingComparisonRows(
        comparison.question,
        regionYearGrid(pairByPosition(layOutRegionYears(comparison.question), comparison.totals)),
      ),
    summary: async (comparison: Comparison, _args: unknown, context: NationalContext) =>
      budgetComparisonSummary(comparison.question, await computeRows(comparison, context)),
  },
  BudgetCell: {
    __resolveReference: (reference: { regionCode: string; year: number; code: string }) => reference,
  },
  RegionYear: {
    __resolveReference: (reference: { regionCode: string; year: number }) => reference,
    region: (cell: { regionCode: string }) => ({ code: cell.regionCode }),
  },
};
