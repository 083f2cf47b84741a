import { tidy } from './comparison-statistics.ts';

/** part ÷ whole (a share, an absorption), or null where either is unknown or the whole is zero. */
export function ratio(part: number | null | undefined, whole: number | null | undefined): number | null {
  return part != null && whole ? tidy(part / whole) : null;
}
