import { describe, expect, it } from 'vitest';
import { parseRegionCode } from '../../shared/regions/region-codes.ts';
import { regionYearGrid } from '../../subgraphs/national/comparisons/comparison-cell-key.ts';
import type { IndicatorCellFigures } from '../../subgraphs/national/comparisons/filled-cells.ts';
import { indicatorComparisonRows } from '../../subgraphs/national/comparisons/indicator-comparison-rows.ts';

const [VI, XII, I] = [parseRegionCode('VI'), parseRegionCode('XII'), parseRegionCode('I')];
const DOCUMENT = { filled: true, kind: 'DOCUMENT' };

// Region XII did not answer for 2022; region I was not asked for 2022 (no cell at all).
const CELLS = regionYearGrid<IndicatorCellFigures | null>([
  [
    { regionCode: VI, year: 2022 },
    { ...DOCUMENT, code: '7.a', target: 70, realisation: 72 },
  ],
  [
    { regionCode: VI, year: 2023 },
    {
      ...DOCUMENT,
      code: '7.a',
      target: 80,
      realisation: 88,
      linkedBudget: 1_500_000_000,
      costPerTargetPoint: 18_750_000,
    },
  ],
  [
    { regionCode: VI, year: 2024 },
    { ...DOCUMENT, code: '7.a', target: 80, realisation: 80 },
  ],
  [{ regionCode: XII, year: 2022 }, null],
  [
    { regionCode: XII, year: 2023 },
    { filled: true, kind: 'SYNTHETIC', code: 'IKU 9', target: 50, realisation: 55 },
  ],
  [
    { regionCode: XII, year: 2024 },
    { filled: true, kind: null },
  ],
  [
    { regionCode: I, year: 2023 },
    {
      ...DOCUMENT,
      code: '3',
      target: 100,
      realisation: 90,
      agenciesServed: 41,
      targetAgencies: 41,
      realisationAgencies: 36.9,
    },
  ],
  [
    { regionCode: I, year: 2024 },
    { ...DOCUMENT, code: '3', target: null, realisation: null, linkedBudget: 2_000_000 },
  ],
]);
const QUESTION = { regions: [VI, XII, I], years: [2023, 2024], kinds: null };

const NO_FIGURES = {
  target: null,
  realisation: null,
  achievement: null,
  gapToTarget: null,
  targetChange: null,
  realisationChange: null,
  linkedBudget: null,
  costPerTargetPoint: null,
  agenciesServed: null,
  targetAgencies: null,
  realisationAgencies: null,
  rank: null,
  rankedAmong: null,
};

describe('indicator comparison rows', () => {
  const rows = indicatorComparisonRows(QUESTION, CELLS, true);
  const rowOf = (region: string, year: number, of = rows) =>
    of.find((row) => row.region.code === region && row.year === year)!;

  it('has one row per region and year asked, region-major', () => {
    expect(rows.map((row) => `${row.region.code} ${row.year}`)).toEqual([
      'VI 2023',
      'VI 2024',
      'XII 2023',
      'XII 2024',
      'I 2023',
      'I 2024',
    ]);
  });

  it('derives achievement, gap, change from the previous year and rank from the cells', () => {
    expect(rowOf(VI, 2023)).toEqual({
      region: { code: VI },
      year: 2023,
      code: '7.a',
      kind: 'DOCUMENT',
      target: 80,
      realisation: 88,
      achievement: 110, // 88 ÷ 80
      gapToTarget: 8,
      targetChange: 10, // from 70
      realisationChange: 16, // from 72
      linkedBudget: 1_500_000_000,
      costPerTargetPoint: 18_750_000,
      agenciesServed: null,
      targetAgencies: null,
      realisationAgencies: null,
      missing: null,
      rank: 1, // tied with XII's 110
      rankedAmong: 3,
    });
    expect(rowOf(VI, 2024)).toMatchObject({ achievement: 100, gapToTarget: 0, targetChange: 0, realisationChange: -8 });
    expect(rowOf(VI, 2024)).toMatchObject({ rank: 1, rankedAmong: 1 });
  });

  it('ranks a tie alike and skips the rank it takes', () => {
    expect([rowOf(VI, 2023).rank, rowOf(XII, 2023).rank, rowOf(I, 2023).rank]).toEqual([1, 1, 3]);
    expect(rowOf(I, 2023)).toMatchObject({
      achievement: 90,
      gapToTarget: -10,
      agenciesServed: 41,
      realisationAgencies: 36.9,
    });
  });

  it('has no change from a year whose region did not answer or was not laid out', () => {
    expect(rowOf(XII, 2023)).toMatchObject({ target: 50, targetChange: null, realisationChange: null });
    expect(rowOf(I, 2023)).toMatchObject({ target: 100, targetChange: null, realisationChange: null });
  });

  it('names why a row has no figures, and shows what a NO_VALUE cell has', () => {
    expect(rowOf(XII, 2024)).toEqual({
      region: { code: XII },
      year: 2024,
      code: null,
      kind: null,
      ...NO_FIGURES,
      missing: 'NO_PLAN',
    });
    expect(rowOf(I, 2024)).toEqual({
      region: { code: I },
      year: 2024,
      code: '3',
      kind: 'DOCUMENT',
      ...NO_FIGURES,
      linkedBudget: 2_000_000,
      missing: 'NO_VALUE',
    });
  });

  it('marks a region that did not answer as unavailable', () => {
    const down = indicatorComparisonRows({ ...QUESTION, regions: [XII], years: [2022] }, CELLS, true);
    expect(down).toEqual([
      { region: { code: XII }, year: 2022, code: null, kind: null, ...NO_FIGURES, missing: 'REGION_UNAVAILABLE' },
    ]);
  });

  it('leaves out the kinds not asked: no figures, no rank, and the others ranked without them', () => {
    const documents = indicatorComparisonRows({ ...QUESTION, kinds: ['DOCUMENT'] }, CELLS, true);
    expect(rowOf(XII, 2023, documents)).toEqual({
      region: { code: XII },
      year: 2023,
      code: null,
      kind: 'SYNTHETIC',
      ...NO_FIGURES,
      missing: 'EXCLUDED_KIND',
    });
    expect([rowOf(VI, 2023, documents), rowOf(I, 2023, documents)].map((row) => [row.rank, row.rankedAmong])).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it('computes no change from a previous year of a kind left out', () => {
    const synthetic = indicatorComparisonRows(
      { regions: [VI], years: [2023], kinds: ['DOCUMENT'] },
      regionYearGrid([
        [
          { regionCode: VI, year: 2022 },
          { filled: true, kind: 'SYNTHETIC', target: 60, realisation: 61 },
        ],
        [
          { regionCode: VI, year: 2023 },
          { ...DOCUMENT, target: 80, realisation: 88 },
        ],
      ]),
      true,
    );
    expect(synthetic[0]).toMatchObject({ target: 80, targetChange: null, realisationChange: null, missing: null });
  });

  it('inverts achievement and gap where lower is better, and ranks realisation lowest first on request', () => {
    const cells = regionYearGrid<IndicatorCellFigures>([
      [
        { regionCode: VI, year: 2024 },
        { ...DOCUMENT, target: 2, realisation: 3 },
      ],
      [
        { regionCode: XII, year: 2024 },
        { ...DOCUMENT, target: 10, realisation: 5 },
      ],
    ]);
    const question = { regions: [VI, XII], years: [2024], kinds: null };
    const byAchievement = indicatorComparisonRows(question, cells, false);
    expect(byAchievement.map((row) => [row.achievement, row.gapToTarget, row.rank])).toEqual([
      [66.666667, -1, 2], // 2 ÷ 3
      [200, 5, 1], // 10 ÷ 5
    ]);
    const byRealisation = indicatorComparisonRows({ ...question, rankBy: 'REALISATION' }, cells, false);
    expect(byRealisation.map((row) => row.rank)).toEqual([1, 2]);
  });

  it('ranks by realisation a row that has no target, which achievement cannot rank', () => {
    const cells = regionYearGrid<IndicatorCellFigures>([
      [
        { regionCode: VI, year: 2024 },
        { ...DOCUMENT, target: null, realisation: 70 },
      ],
      [
        { regionCode: XII, year: 2024 },
        { ...DOCUMENT, target: 80, realisation: 60 },
      ],
    ]);
    const question = { regions: [VI, XII], years: [2024], kinds: null };
    expect(indicatorComparisonRows(question, cells, true).map((row) => row.rank)).toEqual([null, 1]);
    expect(indicatorComparisonRows({ ...question, rankBy: 'REALISATION' }, cells, true).map((row) => row.rank)).toEqual(
      [1, 2],
    );
  });

  it('compares the first valid year without a change: no cell lies before it', () => {
    const cells = regionYearGrid([
      [
        { regionCode: VI, year: 2000 },
        { ...DOCUMENT, target: 1, realisation: 1 },
      ],
    ]);
    const [row] = indicatorComparisonRows({ regions: [VI], years: [2000], kinds: null }, cells, true);
    expect(row).toMatchObject({ achievement: 100, targetChange: null, realisationChange: null, rank: 1 });
  });
});
