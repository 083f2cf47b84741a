import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { BudgetNomenclatureItemRow, NationalDatabase } from '../database/national-database.types.ts';
import { findNomenclatureItemsByLevels } from './budget-nomenclature.queries.ts';

export function createComparisonLoaders(db: Kysely<NationalDatabase>) {
  return {
    /** level → the nomenclature items of that level, every version. */
    nomenclatureByLevel: new DataLoader<string, BudgetNomenclatureItemRow[]>(async (levels) => {
      const rows = await findNomenclatureItemsByLevels(db, levels);
      return levels.map((level) => rows.filter((row) => row.level === level));
    }),
  };
}
