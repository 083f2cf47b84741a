import type { Kysely } from 'kysely';
import type { RegionCode } from '../../../shared/regions/region-codes.ts';
import type { NationalDatabase, PlanRegistryRow, RegionRow } from '../database/national-database.types.ts';

export function findAllRegions(db: Kysely<NationalDatabase>): Promise<RegionRow[]> {
  return db.selectFrom('region').selectAll().orderBy('position').execute();
}

export function findRegionsByCodes(db: Kysely<NationalDatabase>, codes: readonly RegionCode[]): Promise<RegionRow[]> {
  return db
    .selectFrom('region')
    .selectAll()
    .where('code', 'in', [...codes])
    .execute();
}

export function findPlanRegistry(db: Kysely<NationalDatabase>): Promise<PlanRegistryRow[]> {
  return db.selectFrom('plan_registry').selectAll().orderBy('region_code').orderBy('year').execute();
}
