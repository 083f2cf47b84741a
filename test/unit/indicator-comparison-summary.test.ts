import { describe, expect, it } from 'vitest';
import { parseRegionCode } from '../../shared/regions/region-codes.ts';
import type { IndicatorComparisonRow } from '../../subgraphs/national/comparisons/indicator-comparison-rows.ts';
import { indicatorComparisonSummary } from '../../subgraphs/national/comparisons/indicator-comparison-summary.ts';
import type { MissingReason } from '../../subgraphs/national/comparisons/missing-reason.ts';

const [VI, XII, I] = [parseRegionCode('VI'), parseRegionCode('XII'), parseRegionCode('I')];

function row(
  code: typeof VI,
  year: number,
  figures: { target?: number; realisation?: number; achievement?: number },
  missing: MissingReason | null = null,
): IndicatorComparisonRow {
  return {
    region: { code },
    year,
    code: null,
    kind: null,
    target: figures.target ?? null,
    realisation: figures.realisation ?? null,
    achievement: figures.achievement ?? null,
    gapToTarget: null,
    targetChange: null,
    realisationChange: null,
    linkedBudget: null,
    costPerTargetPoint: null,
    agenciesServed: null,
    targetAgencies: null,
    realisationAgencies: null,
    missing,
    rank: null,
    rankedAmong: null,
  };
}

const NONE = { count: 0, min: null, max: null, mean: null, median: null };

describe('indicator comparison summary', () => {
  const rows = [
    row(VI, 2023, { target: 80, realisation: 88, achievement: 110 }),
    row(XII, 2023, { target: 50, realisation: 55, achievement: 110 }),
    row(I, 2023, { target: 100, realisation: 90, achievement: 90 }),
    row(VI, 2024, { target: 80, realisation: 80, achievement: 100 }),
    row(XII, 2024, {}, 'NO_PLAN'),
    // A NO_VALUE row is shown; it counts with what it has (here a target without a realisation).
    row(I, 2024, { target: 60 }, 'NO_VALUE'),
    row(I, 2022, {}, 'EXCLUDED_KIND'),
  ];
  const summary = indicatorComparisonSummary([2023, 2024], rows);

  it('describes each figure over all the rows shown', () => {
    // targets 80, 50, 100, 80, 60 → sorted 50 60 80 80 100
    expect(summary.target).toEqual({ count: 5, min: 50, max: 100, mean: 74, median: 80 });
    // realisations 88, 55, 90, 80 → sorted 55 80 88 90
    expect(summary.realisation).toEqual({ count: 4, min: 55, max: 90, mean: 78.25, median: 84 });
    expect(summary.achievement).toEqual({ count: 4, min: 90, max: 110, mean: 102.5, median: 105 });
  });

  it('describes each year asked on its own, in the order asked', () => {
    expect(summary.byYear).toEqual([
      {
        year: 2023,
        target: { count: 3, min: 50, max: 100, mean: 76.666667, median: 80 },
        realisation: { count: 3, min: 55, max: 90, mean: 77.666667, median: 88 },
        achievement: { count: 3, min: 90, max: 110, mean: 103.333333, median: 110 },
      },
      {
        year: 2024,
        target: { count: 2, min: 60, max: 80, mean: 70, median: 70 },
        realisation: { count: 1, min: 80, max: 80, mean: 80, median: 80 },
        achievement: { count: 1, min: 100, max: 100, mean: 100, median: 100 },
      },
    ]);
    expect(indicatorComparisonSummary([2025], rows).byYear).toEqual([
      { year: 2025, target: NONE, realisation: NONE, achievement: NONE },
    ]);
  });

  it('names every row without figures and why, in row order', () => {
    expect(summary.missing).toEqual([
      { region: { code: XII }, year: 2024, reason: 'NO_PLAN' },
      { region: { code: I }, year: 2024, reason: 'NO_VALUE' },
      { region: { code: I }, year: 2022, reason: 'EXCLUDED_KIND' },
    ]);
  });
});
