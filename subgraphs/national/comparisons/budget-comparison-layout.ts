import {
  type BudgetCellKey,
  budgetCellGrid,
  type CellGrid,
  pairByPosition,
  regionYearGrid,
  type RegionYearKey,
} from './comparison-cell-key.ts';
import { type GridQuestion, layOutRegionYears, yearsWithPrevious } from './comparison-grid.ts';
import { type NomenclatureValidity, versionOf } from './budget-nomenclature.ts';
import type { BudgetCellFigures, RegionYearFigures } from './filled-cells.ts';

export interface BudgetQuestion extends GridQuestion {
  level: string;
  codes: string[];
}

/** The cells both sides of @requires agree on: budget cells where the year's nomenclature has the code, totals. */
export interface BudgetLayout {
  cells: BudgetCellKey[];
  totals: RegionYearKey[];
}

/** The budget cells and region-year totals as the regions filled them, by where they sit. */
export interface FilledBudgetGrid {
  cells: CellGrid<BudgetCellKey, BudgetCellFigures | null>;
  totals: CellGrid<RegionYearKey, RegionYearFigures | null>;
}

/**
 * Region-major, then the years with their previous ones (yearsWithPrevious), then the codes asked that the
 * year's nomenclature has: a code outside it is not the same thing in that year, so no region is asked for it.
 */
export function layOutBudgetComparison(
  question: Pick<BudgetQuestion, 'regions' | 'years' | 'codes'>,
  nomenclature: readonly NomenclatureValidity[],
): BudgetLayout {
  const years = yearsWithPrevious(question.years);
  const cells = question.regions.flatMap((regionCode) =>
    years.flatMap((year) =>
      question.codes.filter((code) => versionOf(nomenclature, code, year)).map((code) => ({ regionCode, year, code })),
    ),
  );
  return { cells, totals: layOutRegionYears(question) };
}

/** Pairs the layout with the cells and totals the gateway handed back, by position. */
export function fillBudgetGrid(
  layout: BudgetLayout,
  filled: { cells?: Array<BudgetCellFigures | null> | null; totals?: Array<RegionYearFigures | null> | null },
): FilledBudgetGrid {
  return {
    cells: budgetCellGrid(pairByPosition(layout.cells, filled.cells)),
    totals: regionYearGrid(pairByPosition(layout.totals, filled.totals)),
  };
}
