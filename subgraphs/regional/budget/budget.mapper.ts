import { toRupiah } from '../../../shared/money/rupiah-scalar.ts';
import type { BudgetAllocationRow, BudgetLineRow, SpendingSplitRow } from '../database/regional-database.types.ts';
import { toFloat } from '../provenance/provenance.mapper.ts';

export function toBudgetLine(row: BudgetLineRow) {
  return {
    code: row.code,
    printedCode: row.printed_code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    volume: toFloat(row.volume),
    volumeUnit: row.volume_unit,
    amount: toRupiah(row.amount),
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
