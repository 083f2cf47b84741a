import { tidy } from './comparison-statistics.ts';

/** current − previous of a measured figure (a target, a realisation); null unless both exist. */
export function figureChange(current: number | null, previous: number | null | undefined): number | null {
  return current !== null && previous != null ? tidy(current - previous) : null;
}

/**
 * current − previous in whole Rupiah; null unless both exist. Exact without BigInt: both are safe integers
 * of the same sign (budgets are never negative), so their difference is one too.
 */
export function rupiahChange(current: number | null, previous: number | null | undefined): number | null {
  return current !== null && previous != null ? current - previous : null;
}

/** (current − previous) ÷ previous; null unless both exist and the previous one is not zero. */
export function changeRatio(current: number | null, previous: number | null | undefined): number | null {
  return current !== null && previous ? tidy((current - previous) / previous) : null;
}
