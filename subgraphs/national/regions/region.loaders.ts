import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { RegionCode } from '../../../shared/regions/region-codes.ts';
import type { NationalDatabase, PlanRegistryRow, RegionRow } from '../database/national-database.types.ts';
import { findAllRegions, findPlanRegistry, findRegionsByCodes } from './region.queries.ts';

export function createRegionLoaders(db: Kysely<NationalDatabase>) {
  return {
    regionByCode: new DataLoader<RegionCode, RegionRow | null>(async (codes) => {
      const rows = await findRegionsByCodes(db, codes);
      return codes.map((code) => rows.find((row) => row.code === code) ?? null);
    }),
    /** A single key: the whole directory (work areas, for the province filter and list), in directory order. */
    allRegions: new DataLoader<'all', RegionRow[]>(async (keys) => {
      const rows = await findAllRegions(db);
      return keys.map(() => rows);
    }),
    /** A single key: the whole registry is small (regions × years) and every grid needs it. */
    planRegistry: new DataLoader<'all', PlanRegistryRow[]>(async (keys) => {
      const rows = await findPlanRegistry(db);
      return keys.map(() => rows);
    }),
  };
}
