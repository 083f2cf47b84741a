import { z } from 'zod';
import { document, flag, measure, provenanceKind, rupiah, source } from './plan-file.schema.ts';

/** The shape of a realisation file (realisation-file.types.ts in zod form). */
const period = z.enum(['TW1', 'TW2', 'TW3', 'TW4', 'YEAR']);

export const realisationFileSchema = z.strictObject({
  format: z.literal('bkn-realisation/1'),
  region: z.string(),
  year: z.number().int(),
  kind: provenanceKind,
  document,
  flags: z.array(flag),
  indicatorRealisations: z.array(
    z.strictObject({ code: z.string().min(1), period, value: measure, source, flags: z.array(flag) }),
  ),
  budgetRealisations: z.array(
    z.strictObject({ code: z.string().min(1), period, amount: rupiah, source, flags: z.array(flag) }),
  ),
});
