import { describe as group, expect, it } from 'vitest';
import { describe, tidy } from '../../subgraphs/national/comparisons/comparison-statistics.ts';

group('statistics of a comparison figure', () => {
  it('counts only the values that exist; the median of an even count is the mean of the middle two', () => {
    expect(describe([3, null, 1, undefined, 2, 10])).toEqual({ count: 4, min: 1, max: 10, mean: 4, median: 2.5 });
    expect(describe([5, 1, 3])).toEqual({ count: 3, min: 1, max: 5, mean: 3, median: 3 });
  });

  it('has nulls and a zero count where no value exists', () => {
    expect(describe([null, null])).toEqual({ count: 0, min: null, max: null, mean: null, median: null });
  });

  it('rounds away binary noise to six decimals', () => {
    expect(78.1 - 77).not.toBe(1.1);
    expect(tidy(78.1 - 77)).toBe(1.1);
    expect(describe([1, 1, 2]).mean).toBe(1.333333);
  });
});
