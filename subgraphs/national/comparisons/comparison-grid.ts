import { FIRST_PLAN_YEAR, parseYear, type RegionCode } from '../../../shared/regions/region-codes.ts';
import type { NationalContext } from '../context.ts';
import { knownProvinces, parseProvinces, regionsServing } from '../regions/province-work-area.ts';

export interface GridQuestion {
  regions: RegionCode[];
  years: number[];
  kinds: string[] | null;
  /** The provinces asked for, by their directory names; null when the question names none. */
  provinces: string[] | null;
}

interface GridArguments {
  regions?: string[] | null;
  years?: number[] | null;
  kinds?: string[] | null;
  provinces?: string[] | null;
}

/**
 * Validates regions, years, kinds and provinces of a comparison before anything is laid out, so that one bad
 * value fails the question whole. Defaults: every region the deployment knows; every year any region has a
 * plan. Provinces keep the asked regions whose work area holds any of them (an empty list filters nothing).
 */
export async function readGridQuestion(args: GridArguments, context: NationalContext): Promise<GridQuestion> {
  let regions = args.regions
    ? [...new Set(args.regions.map((code) => context.regions.parse(code)))]
    : [...context.regions.codes];
  let provinces: string[] | null = null;
  if (args.provinces && args.provinces.length) {
    const asked = parseProvinces(args.provinces, await knownProvinces(context));
    regions = regionsServing(regions, asked);
    provinces = asked.map((province) => province.name);
  }
  let years: number[];
  if (args.years) {
    years = [...new Set(args.years.map(parseYear))];
  } else {
    const registry = await context.loaders.planRegistry.load('all');
    years = [...new Set(registry.map((row) => row.year))].sort((a, b) => a - b);
  }
  return { regions, years, kinds: args.kinds && args.kinds.length ? [...new Set(args.kinds)] : null, provinces };
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
  question: GridQuestion,
  makeCell: (regionCode: string, year: number) => Cell,
): Cell[] {
  const years = yearsWithPrevious(question.years);
  return question.regions.flatMap((regionCode) => years.map((year) => makeCell(regionCode, year)));
}
