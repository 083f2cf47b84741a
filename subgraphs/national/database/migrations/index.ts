import type { Migration } from 'kysely';
import { initialSchema } from './2026-11-26T0900-initial-schema.ts';
import { budgetNomenclature } from './2026-11-26T1600-budget-nomenclature.ts';

/** Applied in key order; keys are timestamps so that order is history. */
export const nationalMigrations: Record<string, Migration> = {
  '2026-11-26T0900-initial-schema': initialSchema,
  '2026-11-26T1600-budget-nomenclature': budgetNomenclature,
};
