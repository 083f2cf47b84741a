import type { Kysely } from 'kysely';
import { compiledOnce } from '../../../shared/database/compiled-once.ts';
import type { RegionalDatabase } from '../database/regional-database.types.ts';

export const findHeadcountsByPlanIds = compiledOnce((db: Kysely<RegionalDatabase>, planIds: readonly number[]) =>
  db
    .selectFrom('staff_headcount')
    .selectAll()
    .where((eb) => eb('plan_id', '=', eb.fn.any(eb.val(planIds))))
    .orderBy('id'),
);

export const findMovementsByPlanIds = compiledOnce((db: Kysely<RegionalDatabase>, planIds: readonly number[]) =>
  db
    .selectFrom('staff_movement')
    .selectAll()
    .where((eb) => eb('plan_id', '=', eb.fn.any(eb.val(planIds))))
    .orderBy('id'),
);

export const findOrganisationUnitsByPlanIds = compiledOnce((db: Kysely<RegionalDatabase>, planIds: readonly number[]) =>
  db
    .selectFrom('organisation_unit')
    .selectAll()
    .where((eb) => eb('plan_id', '=', eb.fn.any(eb.val(planIds))))
    .orderBy('position'),
);
