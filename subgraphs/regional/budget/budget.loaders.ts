import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { BudgetAllocationRow, BudgetLineRow, BudgetRealisationRow, RegionalDatabase, SpendingSplitRow } from '../database/regional-database.types.ts';
import { groupByPlanId } from '../database/group-by-plan-id.ts';
import { findBudgetAllocationsByPlanIds, findBudgetLinesByPlanIds, findBudgetRealisationsByYears, findSpendingSplitsByPlanIds } from './budget.queries.ts';

export function createBudgetLoaders(db: Kysely<RegionalDatabase>) {
  return {
    budgetLinesByPlanId: new DataLoader<number, BudgetLineRow[]>(async (planIds) =>
      groupByPlanId(planIds, await findBudgetLinesByPlanIds(db, planIds)),
    ),
    spendingSplitByPlanId: new DataLoader<number, SpendingSplitRow[]>(async (planIds) =>
      groupByPlanId(planIds, await findSpendingSplitsByPlanIds(db, planIds)),
    ),
    budgetAllocationsByPlanId: new DataLoader<number, BudgetAllocationRow[]>(async (planIds) =>
      groupByPlanId(planIds, await findBudgetAllocationsByPlanIds(db, planIds)),
    ),
    /** year → that year's imported budget realisations (every code and period). */
    budgetRealisationsByYear: new DataLoader<number, BudgetRealisationRow[]>(async (years) => {
      const rows = await findBudgetRealisationsByYears(db, years);
      return years.map((year) => rows.filter((row) => row.year === year));
    }),
  };
}
