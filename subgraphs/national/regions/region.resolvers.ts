import { readFileSync } from 'node:fs';
import type { RegionCode } from '../../../shared/regions/region-codes.ts';
import type { NationalContext } from '../context.ts';
import type { RegionRow } from '../database/national-database.types.ts';
import { knownProvinces } from './province-work-area.ts';
import { findAllRegions } from './region.queries.ts';

export const typeDefs = readFileSync(new URL('./region.graphql', import.meta.url), 'utf8');

function toRegion(row: RegionRow) {
  return {
    code: row.code,
    name: row.name,
    city: row.city,
    provinces: row.provinces,
    workAreaNote: row.work_area_note,
    synthetic: row.synthetic,
  };
}

type Region = ReturnType<typeof toRegion>;
type RegionStub = Partial<Region> & { code: RegionCode };

async function directoryField<Field extends keyof Region>(
  region: RegionStub,
  field: Field,
  context: NationalContext,
): Promise<Region[Field] | null> {
  if (region[field] !== undefined) return region[field] as Region[Field];
  const row = await context.loaders.regionByCode.load(region.code);
  return row ? toRegion(row)[field] : null;
}

export async function findRegion(code: string, context: NationalContext) {
  const row = await context.loaders.regionByCode.load(context.regions.parse(code));
  return row ? toRegion(row) : null;
}

export const resolvers = {
  Query: {
    // Only the codes this deployment knows: a database once served with SYNTHETIC_SHARDS keeps those entries.
    regions: async (_root: unknown, _args: unknown, context: NationalContext) =>
      (await findAllRegions(context.db)).filter((row) => context.regions.isKnown(row.code)).map(toRegion),
    region: (_root: unknown, args: { code: string }, context: NationalContext) => findRegion(args.code, context),
    provinces: async (_root: unknown, _args: unknown, context: NationalContext) =>
      (await knownProvinces(context)).map((province) => ({
        name: province.name,
        verified: province.verified,
        regions: province.regionCodes.map((code) => ({ code })),
      })),
  },
  Region: {
    __resolveReference: (reference: { code: string }, context: NationalContext) => findRegion(reference.code, context),
    // National hands out { code } stubs inside comparisons; each directory field loads from the code then.
    name: (region: RegionStub, _args: unknown, context: NationalContext) => directoryField(region, 'name', context),
    city: (region: RegionStub, _args: unknown, context: NationalContext) => directoryField(region, 'city', context),
    provinces: (region: RegionStub, _args: unknown, context: NationalContext) =>
      directoryField(region, 'provinces', context),
    workAreaNote: (region: RegionStub, _args: unknown, context: NationalContext) =>
      directoryField(region, 'workAreaNote', context),
    synthetic: (region: RegionStub, _args: unknown, context: NationalContext) =>
      directoryField(region, 'synthetic', context),
    async planYears(region: { code: string }, _args: unknown, context: NationalContext) {
      const registry = await context.loaders.planRegistry.load('all');
      return registry.filter((row) => row.region_code === region.code).map((row) => row.year);
    },
  },
};
