import { describe, expect, it } from 'vitest';
import { achievement, gapToTarget } from '../../subgraphs/national/comparisons/achievement.ts';

describe('achievement (capaian) and the gap to target', () => {
  it('is realisation ÷ target × 100 where higher is better, the gap positive when above target', () => {
    expect(achievement(80, 88, true)).toBe(110);
    expect(gapToTarget(80, 88, true)).toBe(8);
    expect(achievement(100, 90, true)).toBe(90);
    expect(gapToTarget(100, 90, true)).toBe(-10);
  });

  it('is target ÷ realisation × 100 where lower is better, so that above 100 is still better', () => {
    // e.g. days to finish a service: 5 planned, 4 taken is better than planned
    expect(achievement(5, 4, false)).toBe(125);
    expect(gapToTarget(5, 4, false)).toBe(1);
    expect(achievement(5, 8, false)).toBe(62.5);
    expect(gapToTarget(5, 8, false)).toBe(-3);
  });

  it('is null without both figures, and the achievement also where either is zero', () => {
    expect(achievement(null, 88, true)).toBeNull();
    expect(achievement(80, null, true)).toBeNull();
    expect(achievement(0, 5, true)).toBeNull();
    expect(achievement(5, 0, false)).toBeNull();
    expect(gapToTarget(0, 5, true)).toBe(5);
    expect(gapToTarget(80, null, true)).toBeNull();
  });

  it('rounds away binary noise', () => {
    expect(gapToTarget(77, 78.1, true)).toBe(1.1);
    expect(achievement(3, 2, true)).toBe(66.666667);
  });
});
