import type { RegionCode } from '../../../shared/regions/region-codes.ts';
import type { CellGrid, RegionYearKey } from './comparison-cell-key.ts';
import type { GridQuestion } from './comparison-grid.ts';
import type { RegionYearFigures } from './filled-cells.ts';
import { type MissingReason, regionYearMissing } from './missing-reason.ts';
import { ratio } from './ratio.ts';
import { rupiahChange } from './year-over-year-change.ts';

export interface SpendingComparisonRow {
  region: { code: RegionCode };
  year: number;
  kind: string | null;
  totalBudget: number | null;
  pegawai: number | null;
  operasional: number | null;
  nonOperasional: number | null;
  pegawaiShare: number | null;
  operasionalShare: number | null;
  nonOperasionalShare: number | null;
  totalChange: number | null;
  realisedBudget: number | null;
  absorption: number | null;
  agenciesServed: number | null;
  budgetPerAgency: number | null;
  missing: MissingReason | null;
}

/**
 * Rupiah per agency served, whole Rupiah (an average, so rounding is no loss of a printed figure); null where
 * unknown.
 */
export function budgetPerAgency(amount: number | null, agencies: number | null | undefined): number | null {
  return amount === null || !agencies ? null : Math.round(amount / agencies);
}

/**
 * One row per region × year asked (region-major) with the plan's total, its spending-type split and their
 * shares, the change of the total, absorption and budget per agency. Region-years of a kind the question
 * left out are not listed.
 */
export function spendingComparisonRows(
  question: Pick<GridQuestion, 'regions' | 'years' | 'kinds'>,
  totals: CellGrid<RegionYearKey, RegionYearFigures | null>,
): SpendingComparisonRow[] {
  return question.regions
    .flatMap((regionCode) =>
      question.years.map((year) => {
        const total = totals.get({ regionCode, year }) ?? null;
        const missing: MissingReason | null =
          regionYearMissing(total, question.kinds) ?? (total?.totalBudget == null ? 'NO_VALUE' : null);
        const usable = missing === null ? total : null;
        const previous = totals.get({ regionCode, year: year - 1 });
        const previousTotal =
          regionYearMissing(previous, question.kinds) === null ? (previous?.totalBudget ?? null) : null;
        const totalBudget = usable?.totalBudget ?? null;
        return {
          region: { code: regionCode },
          year,
          kind: total?.kind ?? null,
          totalBudget,
          pegawai: usable?.pegawai ?? null,
          operasional: usable?.operasional ?? null,
          nonOperasional: usable?.nonOperasional ?? null,
          pegawaiShare: ratio(usable?.pegawai, totalBudget),
          operasionalShare: ratio(usable?.operasional, totalBudget),
          nonOperasionalShare: ratio(usable?.nonOperasional, totalBudget),
          totalChange: rupiahChange(totalBudget, previousTotal),
          realisedBudget: usable?.realisedBudget ?? null,
          absorption: ratio(usable?.realisedBudget, totalBudget),
          agenciesServed: usable?.agenciesServed ?? null,
          budgetPerAgency: budgetPerAgency(totalBudget, usable?.agenciesServed),
          missing,
        };
      }),
    )
    .filter((row) => row.missing !== 'EXCLUDED_KIND');
}
