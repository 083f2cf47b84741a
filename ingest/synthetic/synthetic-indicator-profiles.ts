import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** PERCENT: 0–100, printed "%"; INDEX: an index or score of 60–100, printed "Indeks (0-100)". */
export type IndicatorScale = 'PERCENT' | 'INDEX';
/**
 * CUMULATIVE: the quarterly figure grows towards the year's (agencies reached, findings followed up); LEVEL: each
 * quarter measures the same thing again.
 */
export type IndicatorProgress = 'CUMULATIVE' | 'LEVEL';

export type IndicatorScope = 'WORK_AREA' | 'AT_OFFICE' | 'OF_OFFICE' | 'BY_OFFICE';

export interface IndicatorProfile {
  id: string;
  goalNumber: string;
  goalLetterCode: string;
  scale: IndicatorScale;
  progress: IndicatorProgress;
  /** Range of the region's target in the first year, and in the fifth (the end of the Renstra cascade). */
  firstTarget: readonly [number, number];
  fifthTarget: readonly [number, number];
  /** Targets are printed as multiples of this (25, 75, 100 for IKU-01 in the documents). */
  step: number;
  /** How the plans name the region in the indicator: its work area's agencies, or the office itself. */
  scope: IndicatorScope;
  /** True for an indicator the catalogue lists without a hand-written profile here: figures from defaultProfile. */
  isDefault?: true;
}

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
