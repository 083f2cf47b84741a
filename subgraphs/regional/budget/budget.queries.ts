import type { Kysely } from 'kysely';
import type { BudgetAllocationRow, BudgetLineRow, BudgetRealisationRow, RegionalDatabase, SpendingSplitRow } from '../database/regional-database.types.ts';

export function findBudgetLinesByPlanIds(db: Kysely<RegionalDatabase>, planIds: readonly number[]): Promise<BudgetLineRow[]> {
  return db.selectFrom('budget_line').selectAll().where('plan_id', 'in', [...planIds]).orderBy('position').execute();
}

export function findSpendingSplitsByPlanIds(db: Kysely<RegionalDatabase>, planIds: readonly number[]): Promise<SpendingSplitRow[]> {
  return db.selectFrom('spending_split').selectAll().where('plan_id', 'in', [...planIds]).orderBy('id').execute();
}

export function findBudgetAllocationsByPlanIds(db: Kysely<RegionalDatabase>, planIds: readonly number[]): Promise<BudgetAllocationRow[]> {
  return db.selectFrom('budget_allocation').selectAll().where('plan_id', 'in', [...planIds]).orderBy('position').execute();
}

export function findBudgetRealisationsByYears(db: Kysely<RegionalDatabase>, years: readonly number[]): Promise<BudgetRealisationRow[]> {
  return db.selectFrom('budget_realisation').selectAll().where('year', 'in', [...years]).orderBy('budget_code').orderBy('period').execute();
}
