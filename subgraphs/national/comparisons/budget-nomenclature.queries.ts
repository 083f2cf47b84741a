import type { Kysely } from 'kysely';
import type { BudgetNomenclatureItemRow, NationalDatabase } from '../database/national-database.types.ts';

export function findNomenclatureItemsByLevels(
  db: Kysely<NationalDatabase>,
  levels: readonly string[],
): Promise<BudgetNomenclatureItemRow[]> {
  return db
    .selectFrom('budget_nomenclature_item')
    .selectAll()
    .where('level', 'in', [...levels])
    .orderBy('valid_from')
    .orderBy('position')
    .execute();
}
