import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type {
  ActivityTargetRow,
  OfficeAssetRow,
  RegionalDatabase,
  WorkAreaAgencyRow,
  WorkAreaProvinceRow,
  WorkAreaRow,
} from '../database/regional-database.types.ts';
import { groupByPlanId } from '../database/group-by-plan-id.ts';
import {
  findActivityTargetsByPlanIds,
  findOfficeAssetsByPlanIds,
  findWorkAreaAgenciesByPlanIds,
  findWorkAreaProvincesByPlanIds,
  findWorkAreasByPlanIds,
} from './work-area.queries.ts';

export function createWorkAreaLoaders(db: Kysely<RegionalDatabase>) {
  return {
    /** plan id → its work area, or null where the plan states none. */
    workAreaByPlanId: new DataLoader<number, WorkAreaRow | null>(async (planIds) => {
      const rows = await findWorkAreasByPlanIds(db, planIds);
      return planIds.map((planId) => rows.find((row) => row.plan_id === planId) ?? null);
    }),
    workAreaProvincesByPlanId: new DataLoader<number, WorkAreaProvinceRow[]>(async (planIds) =>
      groupByPlanId(planIds, await findWorkAreaProvincesByPlanIds(db, planIds)),
    ),
    workAreaAgenciesByPlanId: new DataLoader<number, WorkAreaAgencyRow[]>(async (planIds) =>
      groupByPlanId(planIds, await findWorkAreaAgenciesByPlanIds(db, planIds)),
    ),
    officeAssetsByPlanId: new DataLoader<number, OfficeAssetRow[]>(async (planIds) =>
      groupByPlanId(planIds, await findOfficeAssetsByPlanIds(db, planIds)),
    ),
    activityTargetsByPlanId: new DataLoader<number, ActivityTargetRow[]>(async (planIds) =>
      groupByPlanId(planIds, await findActivityTargetsByPlanIds(db, planIds)),
    ),
  };
}
