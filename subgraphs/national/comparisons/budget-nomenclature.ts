import type { BudgetNomenclatureItemRow } from '../database/national-database.types.ts';

/** The levels whose codes the nomenclature fixes across regions; below RO the codes are each region's own. */
export const COMPARABLE_LEVELS = ['PROGRAM', 'KEGIATAN', 'KRO', 'RO'];

/** What versionOf reads of a nomenclature item: the code and the years its version gives it a meaning. */
export type NomenclatureValidity = Pick<BudgetNomenclatureItemRow, 'code' | 'version_id' | 'valid_from' | 'valid_to'>;

/**
 * The version of the nomenclature that gives `code` its meaning in `year`, or undefined: then the code is not
 * compared that year.
 */
export function versionOf(items: readonly NomenclatureValidity[], code: string, year: number): string | undefined {
  return items.find(
    (item) => item.code === code && item.valid_from <= year && (item.valid_to === null || year <= item.valid_to),
  )?.version_id;
}
