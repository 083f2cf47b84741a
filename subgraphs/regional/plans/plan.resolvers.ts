import { readFileSync } from 'node:fs';
import { parseYear } from '../../../shared/regions/region-codes.ts';
import { assertOwnRegion, type RegionalContext } from '../context.ts';
import { toStrategicGoal, toWorkPlan, type WorkPlan } from './plan.mapper.ts';

export const typeDefs = readFileSync(new URL('./plan.graphql', import.meta.url), 'utf8');

async function findPlan(year: number, context: RegionalContext): Promise<WorkPlan | null> {
  const row = await context.loaders.planByYear.load(parseYear(year));
  return row ? toWorkPlan(row, context.region) : null;
}

export const resolvers = {
  Region: {
    __resolveReference(reference: { code: string }, context: RegionalContext) {
      assertOwnRegion(reference.code, context);
      return { code: reference.code };
    },
    plan: (_region: unknown, args: { year: number }, context: RegionalContext) => findPlan(args.year, context),
    async plans(_region: unknown, _args: unknown, context: RegionalContext) {
      const rows = await context.loaders.allPlans.load('all');
      return rows.map((row) => toWorkPlan(row, context.region));
    },
  },
  WorkPlan: {
    __resolveReference(reference: { regionCode: string; year: number }, context: RegionalContext) {
      assertOwnRegion(reference.regionCode, context);
      return findPlan(reference.year, context);
    },
    async strategicGoals(plan: WorkPlan, _args: unknown, context: RegionalContext) {
      const rows = await context.loaders.strategicGoalsByPlanId.load(plan.id);
      return rows.map(toStrategicGoal);
    },
  },
};
