import { describe, expect, it } from 'vitest';
import { parseRegionCode } from '../../shared/regions/region-codes.ts';
import { regionYearGrid } from '../../subgraphs/national/comparisons/comparison-cell-key.ts';
import type { RegionYearFigures } from '../../subgraphs/national/comparisons/filled-cells.ts';
import { workloadComparisonRows } from '../../subgraphs/national/comparisons/workload-comparison-rows.ts';

const [VI, XII, I, IX] = [parseRegionCode('VI'), parseRegionCode('XII'), parseRegionCode('I'), parseRegionCode('IX')];

const CELLS = regionYearGrid<RegionYearFigures | null>([
  [{ regionCode: VI, year: 2023 }, null],
  [
    { regionCode: VI, year: 2024 },
    { filled: true, kind: 'DOCUMENT', agenciesServed: 41, headcount: 82, totalBudget: 14_682_611_000 },
  ],
  [
    { regionCode: XII, year: 2023 },
    { filled: true, kind: null },
  ],
  [
    { regionCode: XII, year: 2024 },
    { filled: true, kind: 'SYNTHETIC', agenciesServed: 30, headcount: 60, totalBudget: null },
  ],
  [
    { regionCode: I, year: 2023 },
    { filled: true, kind: 'SYNTHETIC', agenciesServed: 10, headcount: 10, totalBudget: 1_000 },
  ],
  [
    { regionCode: I, year: 2024 },
    { filled: true, kind: 'DOCUMENT', agenciesServed: 90, headcount: 60, totalBudget: 1_000_000_003 },
  ],
  [
    { regionCode: IX, year: 2023 },
    { filled: true, kind: 'DOCUMENT', agenciesServed: 12, headcount: 0, totalBudget: 600 },
  ],
  [
    { regionCode: IX, year: 2024 },
    { filled: true, kind: 'DOCUMENT', agenciesServed: null, headcount: 50, totalBudget: 500 },
  ],
]);

const NO_FIGURES = {
  agenciesServed: null,
  headcount: null,
  totalBudget: null,
  agenciesPerStaff: null,
  staffPerAgency: null,
  budgetPerAgency: null,
  unknownInputs: ['AGENCIES_SERVED', 'HEADCOUNT', 'TOTAL_BUDGET'],
  rank: null,
  rankedAmong: null,
};

describe('workload comparison rows', () => {
  const rows = workloadComparisonRows({ regions: [VI, XII, I, IX], years: [2023, 2024], kinds: null }, CELLS);
  const row = (code: string, year: number) => rows.find((each) => each.region.code === code && each.year === year);

  it('lists every region × year asked, region-major', () => {
    expect(rows.map((each) => `${each.region.code} ${each.year}`)).toEqual([
      'VI 2023',
      'VI 2024',
      'XII 2023',
      'XII 2024',
      'I 2023',
      'I 2024',
      'IX 2023',
      'IX 2024',
    ]);
  });

  it('computes the load figures, budget per agency to the exact whole Rupiah as the spending view does', () => {
    // 14,682,611,000 ÷ 41 = 358,112,463.41…; 1,000,000,003 ÷ 90 = 11,111,111.14…
    expect(row('VI', 2024)).toEqual({
      region: { code: 'VI' },
      year: 2024,
      kind: 'DOCUMENT',
      agenciesServed: 41,
      headcount: 82,
      totalBudget: 14_682_611_000,
      agenciesPerStaff: 0.5,
      staffPerAgency: 2,
      budgetPerAgency: 358_112_463,
      unknownInputs: [],
      missing: null,
      rank: 2,
      rankedAmong: 3,
    });
    expect(row('I', 2024)).toMatchObject({
      agenciesPerStaff: 1.5,
      staffPerAgency: 0.666667,
      budgetPerAgency: 11_111_111,
    });
  });

  it('gives the region-year reasons with no figures at all', () => {
    expect(row('VI', 2023)).toMatchObject({ ...NO_FIGURES, kind: null, missing: 'REGION_UNAVAILABLE' });
    expect(row('XII', 2023)).toMatchObject({ ...NO_FIGURES, kind: null, missing: 'NO_PLAN' });
  });

  it('keeps the inputs it has, names the ones it lacks, and nulls only the figures that need them', () => {
    expect(row('XII', 2024)).toMatchObject({
      agenciesPerStaff: 0.5,
      staffPerAgency: 2,
      budgetPerAgency: null,
      unknownInputs: ['TOTAL_BUDGET'],
      missing: null,
    });
    expect(row('IX', 2024)).toMatchObject({
      agenciesServed: null,
      headcount: 50,
      totalBudget: 500,
      agenciesPerStaff: null,
      staffPerAgency: null,
      budgetPerAgency: null,
      unknownInputs: ['AGENCIES_SERVED'],
      missing: 'NO_VALUE',
      rank: null,
      rankedAmong: null,
    });
  });

  it('forms no ratio over a zero headcount, though every input is known', () => {
    expect(row('IX', 2023)).toMatchObject({
      agenciesPerStaff: null,
      staffPerAgency: 0,
      budgetPerAgency: 50,
      unknownInputs: [],
      missing: 'NO_VALUE',
      rank: null,
    });
  });

  it('ranks by agencies per staff member within a year, higher first, ties sharing a rank', () => {
    expect(rows.filter((each) => each.year === 2024).map((each) => [each.region.code, each.rank])).toEqual([
      ['VI', 2],
      ['XII', 2],
      ['I', 1],
      ['IX', null],
    ]);
    expect(row('I', 2023)).toMatchObject({ rank: 1, rankedAmong: 1 });
  });

  it('leaves out the region-years of a kind not asked, and ranks without them', () => {
    const documents = workloadComparisonRows(
      { regions: [VI, XII, I, IX], years: [2023, 2024], kinds: ['DOCUMENT'] },
      CELLS,
    );
    expect(documents.map((each) => `${each.region.code} ${each.year}`)).toEqual([
      'VI 2023',
      'VI 2024',
      'XII 2023',
      'I 2024',
      'IX 2023',
      'IX 2024',
    ]);
    expect(documents.filter((each) => each.year === 2024).map((each) => [each.region.code, each.rank])).toEqual([
      ['VI', 2],
      ['I', 1],
      ['IX', null],
    ]);
    expect(documents.find((each) => each.region.code === 'I' && each.year === 2024)?.rankedAmong).toBe(2);
  });
});
