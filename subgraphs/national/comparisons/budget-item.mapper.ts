import type { BudgetNomenclatureItemRow } from '../database/national-database.types.ts';

/** A nomenclature row as the schema's BudgetItem. */
export function toBudgetItem(row: BudgetNomenclatureItemRow) {
  return {
    code: row.code,
    level: row.level,
    name: row.name,
    nomenclature: row.version_id,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}
