import type { Kysely } from 'kysely';
import type {
  ActivityTargetRow,
  OfficeAssetRow,
  RegionalDatabase,
  WorkAreaAgencyRow,
  WorkAreaProvinceRow,
  WorkAreaRow,
} from '../database/regional-database.types.ts';

export function findWorkAreasByPlanIds(
  db: Kysely<RegionalDatabase>,
  planIds: readonly number[],
): Promise<WorkAreaRow[]> {
  return db
    .selectFrom('work_area')
    .selectAll()
    .where('plan_id', 'in', [...planIds])
    .execute();
}

export function findWorkAreaProvincesByPlanIds(
  db: Kysely<RegionalDatabase>,
  planIds: readonly number[],
): Promise<WorkAreaProvinceRow[]> {
  return db
    .selectFrom('work_area_province')
    .selectAll()
    .where('plan_id', 'in', [...planIds])
    .orderBy('position')
    .execute();
}

export function findWorkAreaAgenciesByPlanIds(
  db: Kysely<RegionalDatabase>,
  planIds: readonly number[],
): Promise<WorkAreaAgencyRow[]> {
  return db
    .selectFrom('work_area_agency')
    .selectAll()
    .where('plan_id', 'in', [...planIds])
    .orderBy('id')
    .execute();
}

export function findOfficeAssetsByPlanIds(
  db: Kysely<RegionalDatabase>,
  planIds: readonly number[],
): Promise<OfficeAssetRow[]> {
  return db
    .selectFrom('office_asset')
    .selectAll()
    .where('plan_id', 'in', [...planIds])
    .orderBy('position')
    .execute();
}

export function findActivityTargetsByPlanIds(
  db: Kysely<RegionalDatabase>,
  planIds: readonly number[],
): Promise<ActivityTargetRow[]> {
  return db
    .selectFrom('activity_target')
    .selectAll()
    .where('plan_id', 'in', [...planIds])
    .orderBy('position')
    .execute();
}
