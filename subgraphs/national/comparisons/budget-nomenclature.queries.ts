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

/** The version of the nomenclature that gives `code` its meaning in `year`, or undefined: then the code is not compared that year. */
export function versionOf(items: BudgetNomenclatureItemRow[], code: string, year: number): string | undefined {
  return items.find(
    (item) => item.code === code && item.valid_from <= year && (item.valid_to === null || year <= item.valid_to),
  )?.version_id;
}
