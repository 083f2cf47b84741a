import { describe, expect, it } from 'vitest';
import { changeRatio, figureChange, rupiahChange } from '../../subgraphs/national/comparisons/year-over-year-change.ts';

describe('change from the previous year', () => {
  it('is current − previous for a figure, rounded, and null unless both exist', () => {
    expect(figureChange(78.1, 77)).toBe(1.1);
    expect(figureChange(70, 75)).toBe(-5);
    expect(figureChange(70, null)).toBeNull();
    expect(figureChange(70, undefined)).toBeNull();
    expect(figureChange(null, 75)).toBeNull();
    expect(figureChange(0, 0)).toBe(0);
  });

  it('is exact in whole Rupiah, up to the largest safe integer', () => {
    expect(rupiahChange(10_918_328_000, 1_300_000_000)).toBe(9_618_328_000);
    expect(rupiahChange(9_007_199_254_740_991, 1)).toBe(9_007_199_254_740_990);
    expect(rupiahChange(1_300_000_000, 1_300_000_000)).toBe(0);
    expect(rupiahChange(null, 1)).toBeNull();
    expect(rupiahChange(1, null)).toBeNull();
  });

  it('is a fraction of the previous year, null from zero or from nothing', () => {
    expect(changeRatio(150, 100)).toBe(0.5);
    expect(changeRatio(100, 300)).toBe(-0.666667);
    expect(changeRatio(100, 0)).toBeNull();
    expect(changeRatio(100, null)).toBeNull();
    expect(changeRatio(null, 100)).toBeNull();
  });
});
