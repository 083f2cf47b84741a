import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type {
  BudgetAllocationRow,
  BudgetLineRow,
  BudgetRealisationRow,
  RegionalDatabase,
  SpendingSplitRow,
} from '../database/regional-database.types.ts';
import { groupByPlanId } from '../database/group-by-plan-id.ts';
import { pickCell } from '../database/pick-cell.ts';
import { rollUpRealisations, type LineRealisation } from './budget-realisation-rollup.ts';
import { findPlanRealisations, type PlanRealisation } from './plan-realisation-totals.ts';
import {
  findBudgetAllocationsByPlanIds,
  findBudgetCells,
  findBudgetLinesByPlanIds,
  findBudgetRealisationsByYears,
  findSpendingSplitsByPlanIds,
} from './budget.queries.ts';

/** A budget comparison cell as the loader gives it: the plan's kind, the line, its realisation rolled up the tree. */
export interface BudgetCell {
  year: number;
  plan_kind: string;
  line: BudgetLineRow | null;
  rolledUp: LineRealisation | undefined;
}

export interface BudgetCodeYearKey {
  code: string;
  year: number;
}

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
    /**
     * (code, year) → the comparison cell: the plan's kind and its line with the code, that line's
     * realisations and its realisation rolled up from the lines below (line null when the plan lacks the
     * code); null when the region has no plan for the year. One query for the whole batch.
     */
    budgetCellByCodeYear: new DataLoader<BudgetCodeYearKey, BudgetCell | null, string>(
      async (keys) => {
        const rows = await findBudgetCells(
          db,
          [...new Set(keys.map((key) => key.year))],
          [...new Set(keys.map((key) => key.code))],
        );
        const rollups = new Map<number, Map<string, LineRealisation>>();
        const rollupOf = (year: number) => {
          if (!rollups.has(year)) {
            const ofYear = rows.filter((row) => row.year === year && row.treeLine !== null);
            rollups.set(
              year,
              rollUpRealisations(
                ofYear.map((row) => row.treeLine!),
                ofYear.flatMap((row) => row.realisations),
              ),
            );
          }
          return rollups.get(year)!;
        };
        return keys.map((key) => {
          const cell = pickCell(
            rows,
            key.year,
            (row) => row.line?.code === key.code,
            (planKind) => ({ year: key.year, plan_kind: planKind, treeLine: null, line: null, realisations: [] }),
          );
          if (!cell) return null;
          const { year, plan_kind, line } = cell;
          return { year, plan_kind, line, rolledUp: line ? rollupOf(key.year).get(key.code) : undefined };
        });
      },
      { cacheKeyFn: (key) => `${key.code}@${key.year}` },
    ),
    /** plan id → the plan's total realisation (its top lines rolled up): stored at import, one query. */
    planRealisationByPlanId: new DataLoader<number, PlanRealisation>(async (planIds) =>
      findPlanRealisations(db, planIds),
    ),
    /** year → that year's imported budget realisations (every code and period). */
    budgetRealisationsByYear: new DataLoader<number, BudgetRealisationRow[]>(async (years) => {
      const rows = await findBudgetRealisationsByYears(db, years);
      return years.map((year) => rows.filter((row) => row.year === year));
    }),
  };
}
