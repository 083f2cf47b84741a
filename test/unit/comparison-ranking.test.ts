import { describe, expect, it } from 'vitest';
import { rankEachYear, rankValues } from '../../subgraphs/national/comparisons/comparison-ranking.ts';

describe('ranking', () => {
  it('gives equal values one rank and skips the ranks they take (1, 2, 2, 4); no value, no rank', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    const values: Record<string, number | null> = { a: 90, b: 95, c: 90, d: null, e: 80 };
    const ranks = rankValues(items, (item) => values[item] ?? null, true);
    expect(Object.fromEntries(ranks)).toEqual({ b: 1, a: 2, c: 2, e: 4 });
  });

  it('ranks the lowest first where lower is better', () => {
    const [a, b, c, d] = [{ days: 3 }, { days: 1 }, { days: 3 }, { days: 7 }];
    const ranks = rankValues([a, b, c, d], (item) => item.days, false);
    expect([a, b, c, d].map((item) => ranks.get(item))).toEqual([2, 1, 2, 4]);
  });

  const row = (
    year: number,
    achievement: number | null,
    realisation: number | null,
    missing: string | null = null,
  ) => ({
    year,
    achievement,
    realisation,
    missing,
  });

  it('ranks each year on its own, by achievement, among the rows that have one', () => {
    const rows = [
      row(2023, 110, 88),
      row(2023, 90, 90),
      row(2023, 110, 55),
      row(2024, 100, 80),
      row(2024, null, 70),
      row(2024, null, null, 'NO_PLAN'),
    ];
    expect(rankEachYear(rows, 'ACHIEVEMENT', true).map(({ rank, rankedAmong }) => [rank, rankedAmong])).toEqual([
      [1, 3],
      [3, 3],
      [1, 3],
      [1, 1],
      [null, null],
      [null, null],
    ]);
  });

  it('ranks by realisation on request, lowest first where lower is better, rows with a reason never', () => {
    const rows = [row(2024, 66.666667, 3), row(2024, 200, 5), row(2024, null, 4), row(2024, null, 1, 'EXCLUDED_KIND')];
    expect(rankEachYear(rows, 'REALISATION', false).map((ranked) => ranked.rank)).toEqual([1, 3, 2, null]);
    // By achievement (already pointing the better way) the order differs: 200 first.
    expect(rankEachYear(rows, 'ACHIEVEMENT', false).map((ranked) => ranked.rank)).toEqual([2, 1, null, null]);
  });

  it('keeps the rows in their order and their other fields', () => {
    const rows = [
      { ...row(2024, 50, 1), region: 'XII' },
      { ...row(2024, 60, 2), region: 'VI' },
    ];
    expect(rankEachYear(rows, 'ACHIEVEMENT', true)).toEqual([
      { ...rows[0], rank: 2, rankedAmong: 2 },
      { ...rows[1], rank: 1, rankedAmong: 2 },
    ]);
  });
});
