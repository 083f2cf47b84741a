import type { RegionCode } from '../../../shared/regions/region-codes.ts';
import type { BudgetQuestion, FilledBudgetGrid } from './budget-comparison-layout.ts';
import { type NomenclatureValidity, versionOf } from './budget-nomenclature.ts';
import { type MissingReason, regionYearMissing } from './missing-reason.ts';
import { ratio } from './ratio.ts';
import { changeRatio, rupiahChange } from './year-over-year-change.ts';

export interface BudgetComparisonRow {
  region: { code: RegionCode };
  year: number;
  code: string;
  name: string | null;
  kind: string | null;
  amount: number | null;
  realisedAmount: number | null;
  absorption: number | null;
  realisationMissing: string | null;
  shareOfRegionTotal: number | null;
  amountChange: number | null;
  amountChangeRatio: number | null;
  missing: MissingReason | null;
}

/**
 * One row per region × year × code asked (region-major, then year, then code). A code has an amount only
 * where that year's nomenclature has it, the region answered with a plan of an asked kind, and the plan has
 * the line. Rows of a kind left out stay in the list (EXCLUDED_KIND) for the summary; `rows` hides them.
 */
export function budgetComparisonRows(
  question: Pick<BudgetQuestion, 'regions' | 'years' | 'codes' | 'kinds'>,
  nomenclature: readonly NomenclatureValidity[],
  grid: FilledBudgetGrid,
): BudgetComparisonRow[] {
  /** A code's amount in a region-year whose plan counts, for the change; null otherwise. */
  const amountOf = (regionCode: RegionCode, year: number, code: string) =>
    regionYearMissing(grid.totals.get({ regionCode, year }), question.kinds) === null
      ? (grid.cells.get({ regionCode, year, code })?.amount ?? null)
      : null;
  return question.regions.flatMap((regionCode) =>
    question.years.flatMap((year) =>
      question.codes.map((code) => {
        const version = versionOf(nomenclature, code, year);
        const total = grid.totals.get({ regionCode, year }) ?? null;
        const cell = grid.cells.get({ regionCode, year, code }) ?? null;
        const missing: MissingReason | null = !version
          ? 'NOT_IN_NOMENCLATURE'
          : (regionYearMissing(total, question.kinds) ?? (cell?.amount == null ? 'NO_VALUE' : null));
        const usable = missing === null ? cell : null;
        const amount = usable?.amount ?? null;
        // A change only within one nomenclature version: across versions the code is not the same thing.
        const previous =
          version && versionOf(nomenclature, code, year - 1) === version ? amountOf(regionCode, year - 1, code) : null;
        return {
          region: { code: regionCode },
          year,
          code,
          name: usable?.name ?? null,
          kind: total?.kind ?? null,
          amount,
          realisedAmount: usable?.realisedAmount ?? null,
          absorption: ratio(usable?.realisedAmount, amount),
          realisationMissing: usable?.realisationMissing ?? null,
          shareOfRegionTotal: ratio(amount, usable ? total?.totalBudget : null),
          amountChange: rupiahChange(amount, previous),
          amountChangeRatio: changeRatio(amount, previous),
          missing,
        };
      }),
    ),
  );
}
