/**
 * The cells the regions fill, as national receives them through @requires: each field is absent when the
 * query plan did not ask for it, and `filled` is absent when the region did not answer (see ARCHITECTURE.md).
 */

/** An IndicatorValue: one indicator in one region-year's plan. */
export interface IndicatorCellFigures {
  filled?: boolean | null;
  code?: string | null;
  kind?: string | null;
  target?: number | null;
  realisation?: number | null;
  linkedBudget?: number | null;
  costPerTargetPoint?: number | null;
  agenciesServed?: number | null;
  targetAgencies?: number | null;
  realisationAgencies?: number | null;
}

/** A BudgetCell: one budget code in one region-year's plan; Rupiah as whole numbers. */
export interface BudgetCellFigures {
  filled?: boolean | null;
  kind?: string | null;
  name?: string | null;
  amount?: number | null;
  realisedAmount?: number | null;
  realisationMissing?: string | null;
}

/** A RegionYear: a region-year plan's totals, spending split and headcount; Rupiah as whole numbers. */
export interface RegionYearFigures {
  filled?: boolean | null;
  kind?: string | null;
  totalBudget?: number | null;
  headcount?: number | null;
  pegawai?: number | null;
  operasional?: number | null;
  nonOperasional?: number | null;
  agenciesServed?: number | null;
  realisedBudget?: number | null;
}
