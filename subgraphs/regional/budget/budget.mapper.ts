import { toRupiah } from '../../../shared/money/rupiah-scalar.ts';
import type {
  BudgetAllocationRow,
  BudgetLineRow,
  BudgetRealisationRow,
  SpendingSplitRow,
} from '../database/regional-database.types.ts';
import { toFloat } from '../provenance/provenance.mapper.ts';

import {
  latestRealisation,
  PERIOD_ORDER,
  rollUpRealisations,
  type LineRealisation,
} from './budget-realisation-rollup.ts';

/**
 * A budget line with its realisations. `realisations` lists what was imported for the line itself;
 * realisedAmount is the latest period of `rolledUp` (imported, or summed from the lines below, see
 * budget-realisation-rollup.ts), and absorption (penyerapan) that amount over the pagu. Without `rolledUp`
 * the line stands alone: only its own imported figures count.
 */
export function toBudgetLine(
  row: BudgetLineRow,
  yearRealisations: BudgetRealisationRow[] = [],
  rolledUp?: LineRealisation,
) {
  const own = yearRealisations.filter((realisation) => realisation.budget_code === row.code);
  const realisations = own
    .sort((a, b) => PERIOD_ORDER.indexOf(a.period) - PERIOD_ORDER.indexOf(b.period))
    .map((realisation) => ({
      period: realisation.period,
      amount: toRupiah(realisation.amount),
      provenance: realisation.source,
      flags: realisation.flags,
    }));
  const realisation = rolledUp ?? rollUpRealisations([row], own).get(row.code)!;
  const latest = latestRealisation(realisation);
  const amount = toRupiah(row.amount);
  return {
    realisations,
    realisedAmount: latest.amount,
    realisedPeriod: latest.period,
    absorption: latest.amount !== null && amount > 0 ? latest.amount / amount : null,
    realisationBasis: realisation.basis,
    realisationMissing: realisation.missing,
    realisationNote: realisation.note,
    roLines: realisation.roLines,
    roLinesRealised: realisation.roLinesRealised,
    code: row.code,
    printedCode: row.printed_code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    volume: toFloat(row.volume),
    volumeUnit: row.volume_unit,
    amount,
    provenance: row.source,
    flags: row.flags,
  };
}

export function toSpendingAmount(row: SpendingSplitRow) {
  return { type: row.spending_type, amount: toRupiah(row.amount), provenance: row.source };
}

export function toBudgetAllocation(row: BudgetAllocationRow) {
  return {
    planId: row.plan_id,
    amount: toRupiah(row.amount),
    indicatorCodes: row.indicator_codes,
    description: row.description,
    provenance: row.source,
    flags: row.flags,
  };
}

export type BudgetAllocation = ReturnType<typeof toBudgetAllocation>;
