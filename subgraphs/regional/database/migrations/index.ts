import type { Migration } from 'kysely';
import { initialSchema } from './2026-11-26T0900-initial-schema.ts';
import { revisionsAndRealisations } from './2026-11-26T1400-revisions-and-realisations.ts';
import { workAreaAssetsActivityTargets } from './2026-12-01T2340-work-area-assets-activity-targets.ts';
import { planRealisationTotals } from './2026-12-04T1700-plan-realisation-totals.ts';

/** Applied in key order; keys are timestamps so that order is history. */
export const regionalMigrations: Record<string, Migration> = {
  '2026-11-26T0900-initial-schema': initialSchema,
  '2026-11-26T1400-revisions-and-realisations': revisionsAndRealisations,
  '2026-12-01T2340-work-area-assets-activity-targets': workAreaAssetsActivityTargets,
  '2026-12-04T1700-plan-realisation-totals': planRealisationTotals,
};
