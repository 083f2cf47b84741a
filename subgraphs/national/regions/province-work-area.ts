import { badUserInput } from '../../../shared/errors/error-codes.ts';
import type { RegionCode } from '../../../shared/regions/region-codes.ts';
import type { NationalContext } from '../context.ts';
import type { RegionRow } from '../database/national-database.types.ts';

/** A province and the offices whose work area holds it, as the region directory says. */
export interface ProvinceWorkArea {
  name: string;
  /** True only when every office's claim to the province is stated by a source document. */
  verified: boolean;
  regionCodes: RegionCode[];
}

/** "kepulauan  RIAU" and "Kepulauan Riau" name the same province: case and whitespace do not count. */
export function provinceKey(name: string): string {
  return name.replace(/\s+/g, '').toLowerCase();
}

/** One entry per province of the directory, sorted by name as an Indonesian reader sorts it. */
export function provincesOf(regions: readonly RegionRow[]): ProvinceWorkArea[] {
  const byKey = new Map<string, ProvinceWorkArea>();
  for (const region of regions) {
    for (const province of region.provinces) {
      const entry = byKey.get(provinceKey(province.name)) ?? { name: province.name, verified: true, regionCodes: [] };
      entry.verified &&= province.verified;
      entry.regionCodes.push(region.code);
      byKey.set(provinceKey(province.name), entry);
    }
  }
  return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name, 'id'));
}

/**
 * The provinces of the offices this deployment knows (a database once served with synthetic shards keeps their rows).
 */
export async function knownProvinces(context: NationalContext): Promise<ProvinceWorkArea[]> {
  const directory = await context.loaders.allRegions.load('all');
  return provincesOf(directory.filter((row) => context.regions.isKnown(row.code)));
}

/** Cut: the value is the client's, and an error must not echo much of it. */
const shown = (value: string) => (value.length <= 24 ? value : `${value.slice(0, 24)}…`);

/**
 * The provinces a comparison asks for, by their directory names, in the order asked; an unknown one fails the
 * question whole and names every known province (in the message, and whole in the `known` extension,
 * since the gateway cuts long messages).
 */
export function parseProvinces(asked: readonly string[], known: readonly ProvinceWorkArea[]): ProvinceWorkArea[] {
  const byKey = new Map(known.map((province) => [provinceKey(province.name), province]));
  const found = asked.map((name) => {
    const province = byKey.get(provinceKey(name));
    if (province) return province;
    const names = known.map((entry) => entry.name);
    throw badUserInput(`unknown province "${shown(name)}"; known: ${names.join(', ')}`, {
      argument: 'provinces',
      value: shown(name),
      known: names,
    });
  });
  return [...new Set(found)];
}

/**
 * The asked regions (in their order) whose work area holds any of the provinces. None is a clear refusal:
 * a comparison of nothing would look like a comparison without data.
 */
export function regionsServing(
  regionCodes: readonly RegionCode[],
  provinces: readonly ProvinceWorkArea[],
): RegionCode[] {
  const serving = new Set<string>(provinces.flatMap((province) => province.regionCodes));
  const kept = regionCodes.filter((code) => serving.has(code));
  if (kept.length === 0) {
    const servedBy = provinces
      .map((province) => `${province.name} by ${province.regionCodes.join(', ') || 'no office'}`)
      .join('; ');
    throw badUserInput(
      `None of the regions asked (${regionCodes.join(', ')}) serves the provinces asked: ${servedBy}`,
      {
        argument: 'provinces',
        value: provinces.map((province) => province.name),
      },
    );
  }
  return kept;
}
