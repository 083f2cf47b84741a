import { toRupiah } from '../../../shared/money/rupiah-scalar.ts';
import type { BudgetAllocationRow, BudgetLineRow, BudgetRealisationRow, SpendingSplitRow } from '../database/regional-database.types.ts';
import { toFloat } from '../provenance/provenance.mapper.ts';

const PERIOD_ORDER = ['TW1', 'TW2', 'TW3', 'TW4', 'YEAR'];

/**
 * A budget line with its realisations. realisedAmount is the latest period's absorbed amount, and
 * absorption (penyerapan) that amount over the pagu; both null until a realisation is imported.
 */
export function toBudgetLine(row: BudgetLineRow, yearRealisations: BudgetRealisationRow[] = []) {
  const realisations = yearRealisations
    .filter((realisation) => realisation.budget_code === row.code)
    .sort((a, b) => PERIOD_ORDER.indexOf(a.period) - PERIOD_ORDER.indexOf(b.period))
    .map((realisation) => ({ period: realisation.period, amount: toRupiah(realisation.amount), provenance: realisation.source, flags: realisation.flags }));
  const latest = realisations.at(-1);
  const amount = toRupiah(row.amount);
  return {
    realisations,
    realisedAmount: latest?.amount ?? null,
    absorption: latest && amount > 0 ? latest.amount / amount : null,
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
