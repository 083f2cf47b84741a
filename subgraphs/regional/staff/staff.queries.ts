import type { Kysely } from 'kysely';
import type {
  OrganisationUnitRow,
  RegionalDatabase,
  StaffHeadcountRow,
  StaffMovementRow,
} from '../database/regional-database.types.ts';

export function findHeadcountsByPlanIds(
  db: Kysely<RegionalDatabase>,
  planIds: readonly number[],
): Promise<StaffHeadcountRow[]> {
  return db
    .selectFrom('staff_headcount')
    .selectAll()
    .where('plan_id', 'in', [...planIds])
    .orderBy('id')
    .execute();
}

export function findMovementsByPlanIds(
  db: Kysely<RegionalDatabase>,
  planIds: readonly number[],
): Promise<StaffMovementRow[]> {
  return db
    .selectFrom('staff_movement')
    .selectAll()
    .where('plan_id', 'in', [...planIds])
    .orderBy('id')
    .execute();
}

export function findOrganisationUnitsByPlanIds(
  db: Kysely<RegionalDatabase>,
  planIds: readonly number[],
): Promise<OrganisationUnitRow[]> {
  return db
    .selectFrom('organisation_unit')
    .selectAll()
    .where('plan_id', 'in', [...planIds])
    .orderBy('position')
    .execute();
}
