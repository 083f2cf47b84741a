import { FIRST_PLAN_YEAR, type RegionCode } from '../../../shared/regions/region-codes.ts';
import type { RegionYearKey } from './comparison-cell-key.ts';

/** The question every comparison asks, validated (see readGridQuestion); it travels in the comparison's id. */
export interface GridQuestion {
  regions: RegionCode[];
  years: number[];
  kinds: string[] | null;
  /** The provinces asked for, by their directory names; null when the question names none. */
  provinces: string[] | null;
}

/**
 * The asked years and each one's previous year (for the change), ascending: the cells' year axis. The year
 * before FIRST_PLAN_YEAR is left out: no region could answer for it (it is no valid year), so the change
 * from it is null like any change from a year without a cell.
 */
export function yearsWithPrevious(years: number[]): number[] {
  return [...new Set(years.flatMap((year) => [year - 1, year]))]
    .filter((year) => year >= FIRST_PLAN_YEAR)
    .sort((a, b) => a - b);
}

/** The cell layout both sides of @requires agree on: region-major, then the years with their previous ones. */
export function layOutCells<Cell>(
  question: Pick<GridQuestion, 'regions' | 'years'>,
  makeCell: (regionCode: RegionCode, year: number) => Cell,
): Cell[] {
  const years = yearsWithPrevious(question.years);
  return question.regions.flatMap((regionCode) => years.map((year) => makeCell(regionCode, year)));
}

/** One region-year per region and year of the cells' year axis, in layOutCells' order. */
export function layOutRegionYears(question: Pick<GridQuestion, 'regions' | 'years'>): RegionYearKey[] {
  return layOutCells(question, (regionCode, year) => ({ regionCode, year }));
}

/** One region-year per region and year asked, region-major, no previous year: for a view that computes no change. */
export function layOutAskedRegionYears(question: Pick<GridQuestion, 'regions' | 'years'>): RegionYearKey[] {
  return question.regions.flatMap((regionCode) => question.years.map((year) => ({ regionCode, year })));
}
