import { tidy } from './comparison-statistics.ts';

/**
 * Capaian in %: realisation ÷ target × 100, or target ÷ realisation × 100 where lower is better, so that
 * above 100 is always better than planned. Null without both figures, or where either is zero.
 */
export function achievement(target: number | null, realisation: number | null, higherIsBetter: boolean): number | null {
  if (target === null || realisation === null || target === 0 || realisation === 0) return null;
  return tidy(higherIsBetter ? (realisation / target) * 100 : (target / realisation) * 100);
}

/** Selisih terhadap target: realisation − target, signed so that positive is better; null without both. */
export function gapToTarget(target: number | null, realisation: number | null, higherIsBetter: boolean): number | null {
  if (target === null || realisation === null) return null;
  return tidy(higherIsBetter ? realisation - target : target - realisation);
}
