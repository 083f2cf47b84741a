/** Rounds away binary noise (78.1 − 77 = 1.0999999…) without hiding real precision. */
export function tidy(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export interface Statistics {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  median: number | null;
}

/** count, min, max, mean, median over the values that exist. */
export function describe(values: Array<number | null | undefined>): Statistics {
  const present = values
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value))
    .sort((a, b) => a - b);
  if (present.length === 0) return { count: 0, min: null, max: null, mean: null, median: null };
  const middle = Math.floor(present.length / 2);
  const median = present.length % 2 ? present[middle]! : (present[middle - 1]! + present[middle]!) / 2;
  return {
    count: present.length,
    min: present[0]!,
    max: present.at(-1)!,
    mean: tidy(present.reduce((sum, value) => sum + value, 0) / present.length),
    median: tidy(median),
  };
}
