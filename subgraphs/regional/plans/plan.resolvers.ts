import { readFileSync } from 'node:fs';
import { badUserInput } from '../../../shared/errors/error-codes.ts';
import { normaliseRegionCode, parseYear } from '../../../shared/regions/region-codes.ts';
import { assertOwnRegion, type RegionalContext } from '../context.ts';
import { toPlanChange, toStrategicGoal, toWorkPlan, type WorkPlan } from './plan.mapper.ts';

export const typeDefs = readFileSync(new URL('./plan.graphql', import.meta.url), 'utf8');

async function findPlan(
  year: number,
  revision: number | null | undefined,
  context: RegionalContext,
): Promise<WorkPlan | null> {
  parseYear(year);
  if (revision === null || revision === undefined) {
    const row = await context.loaders.planByYear.load(year);
    return row ? toWorkPlan(row, context.region) : null;
  }
  if (!Number.isInteger(revision) || revision < 1)
    throw badUserInput(`Revision must be 1 or more; got ${revision}`, { argument: 'revision', value: revision });
  const row = (await context.loaders.planRevisionsByYear.load(year)).find(
    (candidate) => candidate.revision === revision,
  );
  return row ? toWorkPlan(row, context.region) : null;
}

export const resolvers = {
  Query: {
    plan(_root: unknown, args: { region: string; year: number; revision?: number | null }, context: RegionalContext) {
      assertOwnRegion(normaliseRegionCode(args.region), context);
      return findPlan(args.year, args.revision, context);
    },
  },
  Region: {
    __resolveReference(reference: { code: string }, context: RegionalContext) {
      assertOwnRegion(reference.code, context);
      return { code: reference.code };
    },
    plan: (_region: unknown, args: { year: number; revision?: number | null }, context: RegionalContext) =>
      findPlan(args.year, args.revision, context),
    async plans(_region: unknown, args: { kinds?: string[] | null }, context: RegionalContext) {
      const rows = await context.loaders.allPlans.load('all');
      return rows
        .filter((row) => !args.kinds || args.kinds.includes(row.kind))
        .map((row) => toWorkPlan(row, context.region));
    },
  },
  WorkPlan: {
    __resolveReference(reference: { regionCode: string; year: number }, context: RegionalContext) {
      assertOwnRegion(reference.regionCode, context);
      return findPlan(reference.year, null, context);
    },
    async strategicGoals(plan: WorkPlan, _args: unknown, context: RegionalContext) {
      const rows = await context.loaders.strategicGoalsByPlanId.load(plan.id);
      return rows.map(toStrategicGoal);
    },
    async changes(plan: WorkPlan, _args: unknown, context: RegionalContext) {
      return (await context.loaders.planChangesByPlanId.load(plan.id)).map(toPlanChange);
    },
    async revisions(plan: WorkPlan, _args: unknown, context: RegionalContext) {
      return (await context.loaders.planRevisionsByYear.load(plan.year)).map((row) => toWorkPlan(row, context.region));
    },
  },
};
