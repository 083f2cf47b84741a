import { parseYear } from '../../../shared/regions/region-codes.ts';
import type { NationalContext } from '../context.ts';
import { knownProvinces, parseProvinces, regionsServing } from '../regions/province-work-area.ts';
import type { GridQuestion } from './comparison-grid.ts';

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
  if (args.provinces?.length) {
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
  return { regions, years, kinds: args.kinds?.length ? [...new Set(args.kinds)] : null, provinces };
}
