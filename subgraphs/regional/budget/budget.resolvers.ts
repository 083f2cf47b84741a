import { readFileSync } from 'node:fs';
import type { RegionalContext } from '../context.ts';
import { toIndicatorTarget } from '../indicators/indicator-target.mapper.ts';
import type { WorkPlan } from '../plans/plan.mapper.ts';
import { latestRealisation, rollUpRealisations } from './budget-realisation-rollup.ts';
import { toBudgetAllocation, toBudgetLine, toSpendingAmount, type BudgetAllocation } from './budget.mapper.ts';

export const typeDefs = readFileSync(new URL('./budget.graphql', import.meta.url), 'utf8');

/** The plan's total realisation, once per plan and request (its five fields, and the comparisons' totals, share it). */
export function totalRealisationOf(plan: WorkPlan, context: RegionalContext) {
  return context.loaders.planRealisationByPlanId.load(plan.id);
}

export const resolvers = {
  WorkPlan: {
    realisedBudget: async (plan: WorkPlan, _args: unknown, context: RegionalContext) =>
      latestRealisation(await totalRealisationOf(plan, context)).amount,
    realisedBudgetPeriod: async (plan: WorkPlan, _args: unknown, context: RegionalContext) =>
      latestRealisation(await totalRealisationOf(plan, context)).period,
    async budgetAbsorption(plan: WorkPlan, _args: unknown, context: RegionalContext) {
      const realised = latestRealisation(await totalRealisationOf(plan, context)).amount;
      return realised !== null && plan.totalBudget ? realised / plan.totalBudget : null;
    },
    budgetRealisationMissing: async (plan: WorkPlan, _args: unknown, context: RegionalContext) =>
      (await totalRealisationOf(plan, context)).missing,
    budgetRealisationNote: async (plan: WorkPlan, _args: unknown, context: RegionalContext) =>
      (await totalRealisationOf(plan, context)).note,
    async budgetLines(plan: WorkPlan, args: { level?: string | null }, context: RegionalContext) {
      const [rows, realisations] = await Promise.all([
        context.loaders.budgetLinesByPlanId.load(plan.id),
        context.loaders.budgetRealisationsByYear.load(plan.year),
      ]);
      // The whole tree rolls up before the level filter: a KRO's realisation comes from its RO lines.
      const rolledUp = rollUpRealisations(rows, realisations);
      return rows
        .filter((row) => !args.level || row.level === args.level)
        .map((row) => toBudgetLine(row, realisations, rolledUp.get(row.code)));
    },
    async spendingSplit(plan: WorkPlan, _args: unknown, context: RegionalContext) {
      const rows = await context.loaders.spendingSplitByPlanId.load(plan.id);
      return rows.map(toSpendingAmount);
    },
    async budgetAllocations(plan: WorkPlan, _args: unknown, context: RegionalContext) {
      const rows = await context.loaders.budgetAllocationsByPlanId.load(plan.id);
      return rows.map(toBudgetAllocation);
    },
  },
  BudgetAllocation: {
    async indicatorTargets(allocation: BudgetAllocation, _args: unknown, context: RegionalContext) {
      const targets = await context.loaders.indicatorTargetsByPlanId.load(allocation.planId);
      return targets.filter((row) => allocation.indicatorCodes.includes(row.code)).map((row) => toIndicatorTarget(row));
    },
  },
};
