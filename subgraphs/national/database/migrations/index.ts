import type { Migration } from 'kysely';
import { initialSchema } from './2026-11-26T0900-initial-schema.ts';
import { budgetNomenclature } from './2026-11-26T1600-budget-nomenclature.ts';
import { dataVersion } from './2026-11-26T1700-data-version.ts';
import { syntheticRegions } from './2026-11-27T1000-synthetic-regions.ts';
import { importedContent } from './2026-12-01T2130-imported-content.ts';

/** Applied in key order; keys are timestamps so that order is history. */
export const nationalMigrations: Record<string, Migration> = {
  '2026-11-26T0900-initial-schema': initialSchema,
  '2026-11-26T1600-budget-nomenclature': budgetNomenclature,
  '2026-11-26T1700-data-version': dataVersion,
  '2026-11-27T1000-synthetic-regions': syntheticRegions,
  '2026-12-01T2130-imported-content': importedContent,
};
