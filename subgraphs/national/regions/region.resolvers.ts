import { readFileSync } from 'node:fs';
import { parseRegionCode } from '../../../shared/regions/region-codes.ts';
import type { NationalContext } from '../context.ts';
import type { RegionRow } from '../database/national-database.types.ts';
import { findAllRegions } from './region.queries.ts';

export const typeDefs = readFileSync(new URL('./region.graphql', import.meta.url), 'utf8');

function toRegion(row: RegionRow) {
  return { code: row.code, name: row.name, city: row.city, provinces: row.provinces, workAreaNote: row.work_area_note };
}

export async function findRegion(code: string, context: NationalContext) {
  const row = await context.loaders.regionByCode.load(parseRegionCode(code));
  return row ? toRegion(row) : null;
}

export const resolvers = {
  Query: {
    regions: async (_root: unknown, _args: unknown, context: NationalContext) => (await findAllRegions(context.db)).map(toRegion),
    region: (_root: unknown, args: { code: string }, context: NationalContext) => findRegion(args.code, context),
  },
  Region: {
    __resolveReference: (reference: { code: string }, context: NationalContext) => findRegion(reference.code, context),
    async planYears(region: { code: string }, _args: unknown, context: NationalContext) {
      const registry = await context.loaders.planRegistry.load('all');
      return registry.filter((row) => row.region_code === region.code).map((row) => row.year);
    },
  },
};
