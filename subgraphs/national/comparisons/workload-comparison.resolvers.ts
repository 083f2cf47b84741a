import { readFileSync } from 'node:fs';
import type { NationalContext } from '../context.ts';
import { pairByPosition, regionYearGrid } from './comparison-cell-key.ts';
import { type GridQuestion, layOutAskedRegionYears } from './comparison-grid.ts';
import { decodeComparisonId, encodeComparisonId } from './comparison-id.ts';
import type { RegionYearFigures } from './filled-cells.ts';
import { readGridQuestion } from './grid-question.ts';
import { workloadComparisonRows } from './workload-comparison-rows.ts';

export const typeDefs = readFileSync(new URL('./workload-comparison.graphql', import.meta.url), 'utf8');

interface Comparison {
  id: string;
  question: GridQuestion;
  cells?: Array<RegionYearFigures | null>;
}

function comparisonFromId(id: string, reference: Partial<Comparison> = {}): Comparison {
  return { id, question: decodeComparisonId<GridQuestion>('workload', id), cells: reference.cells };
}

export const resolvers = {
  Query: {
    async compareWorkload(
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
      return comparisonFromId(encodeComparisonId('workload', { ...question }));
    },
  },
  WorkloadComparison: {
    __resolveReference: (reference: Partial<Comparison> & { id: string }) => comparisonFromId(reference.id, reference),
    regions: (comparison: Comparison) => comparison.question.regions.map((code) => ({ code })),
    years: (comparison: Comparison) => comparison.question.years,
    cells: (comparison: Comparison) => layOutAskedRegionYears(comparison.question),
    rows: (comparison: Comparison) =>
      workloadComparisonRows(
        comparison.question,
        regionYearGrid(pairByPosition(layOutAskedRegionYears(comparison.question), comparison.cells)),
      ),
  },
};
