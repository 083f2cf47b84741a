import type { RegionCode } from '../../../shared/regions/region-codes.ts';
import type { BudgetQuestion } from './budget-comparison-layout.ts';
import type { BudgetComparisonRow } from './budget-comparison-rows.ts';
import { describe, type Statistics } from './comparison-statistics.ts';
import type { MissingReason } from './missing-reason.ts';

export interface BudgetComparisonSummary {
  /** Per code and year asked (code-major). */
  totals: Array<{ code: string; year: number; total: bigint; amount: Statistics }>;
  missing: Array<{ region: { code: RegionCode }; year: number; code: string; reason: MissingReason }>;
}

/**
 * The exact sum of whole-Rupiah amounts. A float sum is exact only while every partial sum stays below
 * 2^53; BigInt never rounds, and the Rupiah scalar refuses a total it cannot serialise exactly.
 */
export function sumRupiah(amounts: readonly number[]): bigint {
  return amounts.reduce((sum, amount) => sum + BigInt(amount), 0n);
}

/**
 * Per code and year, the total and statistics of the amounts of the regions that have one; and every row
 * without an amount, with its reason (including rows of a kind the question left out).
 */
export function budgetComparisonSummary(
  question: Pick<BudgetQuestion, 'codes' | 'years'>,
  rows: readonly BudgetComparisonRow[],
): BudgetComparisonSummary {
  const totals = question.codes.flatMap((code) =>
    question.years.map((year) => {
      const amounts = rows.flatMap((row) =>
        row.code === code && row.year === year && row.amount !== null ? [row.amount] : [],
      );
      return { code, year, total: sumRupiah(amounts), amount: describe(amounts) };
    }),
  );
  return {
    totals,
    missing: rows.flatMap((row) =>
      row.missing === null ? [] : [{ region: row.region, year: row.year, code: row.code, reason: row.missing }],
    ),
  };
}
