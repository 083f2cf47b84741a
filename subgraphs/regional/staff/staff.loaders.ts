import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type {
  OrganisationUnitRow,
  RegionalDatabase,
  StaffHeadcountRow,
  StaffMovementRow,
} from '../database/regional-database.types.ts';
import { groupByPlanId } from '../database/group-by-plan-id.ts';
import { findHeadcountsByPlanIds, findMovementsByPlanIds, findOrganisationUnitsByPlanIds } from './staff.queries.ts';

export function createStaffLoaders(db: Kysely<RegionalDatabase>) {
  return {
    headcountsByPlanId: new DataLoader<number, StaffHeadcountRow[]>(async (planIds) =>
      groupByPlanId(planIds, await findHeadcountsByPlanIds(db, planIds)),
    ),
    movementsByPlanId: new DataLoader<number, StaffMovementRow[]>(async (planIds) =>
      groupByPlanId(planIds, await findMovementsByPlanIds(db, planIds)),
    ),
    organisationUnitsByPlanId: new DataLoader<number, OrganisationUnitRow[]>(async (planIds) =>
      groupByPlanId(planIds, await findOrganisationUnitsByPlanIds(db, planIds)),
    ),
  };
}
