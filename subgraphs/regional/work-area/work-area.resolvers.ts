import { readFileSync } from 'node:fs';
import type { RegionalContext } from '../context.ts';
import type { WorkPlan } from '../plans/plan.mapper.ts';
import {
  toActivityTarget,
  toAgencyCount,
  toOfficeAsset,
  toWorkArea,
  toWorkAreaProvince,
  type WorkArea,
} from './work-area.mapper.ts';

export const typeDefs = readFileSync(new URL('./work-area.graphql', import.meta.url), 'utf8');

export const resolvers = {
  WorkPlan: {
    async workArea(plan: WorkPlan, _args: unknown, context: RegionalContext) {
      const row = await context.loaders.workAreaByPlanId.load(plan.id);
      return row ? toWorkArea(row) : null;
    },
    async assets(plan: WorkPlan, _args: unknown, context: RegionalContext) {
      return (await context.loaders.officeAssetsByPlanId.load(plan.id)).map(toOfficeAsset);
    },
    async activityTargets(plan: WorkPlan, _args: unknown, context: RegionalContext) {
      return (await context.loaders.activityTargetsByPlanId.load(plan.id)).map(toActivityTarget);
    },
  },
  WorkArea: {
    async provinces(area: WorkArea, _args: unknown, context: RegionalContext) {
      return (await context.loaders.workAreaProvincesByPlanId.load(area.planId)).map(toWorkAreaProvince);
    },
    async agencies(area: WorkArea, _args: unknown, context: RegionalContext) {
      return (await context.loaders.workAreaAgenciesByPlanId.load(area.planId)).map(toAgencyCount);
    },
  },
};
