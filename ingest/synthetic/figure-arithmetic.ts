/**
 * Splits a whole number into whole parts proportional to the weights that add up to it exactly (largest
 * remainder; ties go to the earlier part). Used wherever generated figures must sum to a total.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0)
    throw new Error(`apportion needs a whole non-negative total; got ${total}`);
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  if (weights.length === 0 || !(weightSum > 0) || weights.some((weight) => weight < 0)) {
    throw new Error(`apportion needs non-negative weights with a positive sum; got [${weights.join(', ')}]`);
  }
  const exact = weights.map((weight) => (total * weight) / weightSum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((sum, part) => sum + part, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    parts[index]! += 1;
    left -= 1;
  }
  return parts;
}

/** Rounds to a number of decimals, as figures are printed (81.95, 98.25). */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
