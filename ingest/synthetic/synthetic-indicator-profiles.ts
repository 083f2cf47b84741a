import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { IndicatorProfile } from './generate-indicators.ts';

const range = z.tuple([z.number(), z.number()]);
/** Held to IndicatorProfile by its type: a required field added there and not here fails to compile. */
const profile: z.ZodType<IndicatorProfile> = z.strictObject({
  id: z.string(),
  goalNumber: z.string(),
  goalLetterCode: z.string(),
  scale: z.enum(['PERCENT', 'INDEX']),
  progress: z.enum(['CUMULATIVE', 'LEVEL']),
  firstTarget: range,
  fifthTarget: range,
  step: z.number().positive(),
  scope: z.enum(['WORK_AREA', 'AT_OFFICE', 'OF_OFFICE', 'BY_OFFICE']),
});

/**
 * The 14 indicators of the BKN Renstra 2020-2024 with the ranges the two documents suggest
 * (shared/domain/README.md: VI 2021 and XII 2024 targets); goal numbers and VI-style codes as printed there.
 * Kept in synthetic-indicator-profiles.json, checked on load: a wrong entry fails here, naming its path.
 */
export const INDICATOR_PROFILES: readonly IndicatorProfile[] = z
  .array(profile)
  .parse(JSON.parse(readFileSync(new URL('./synthetic-indicator-profiles.json', import.meta.url), 'utf8')));
