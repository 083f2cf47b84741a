import { describe, expect, it } from 'vitest';
import { parseRegionCode } from '../../shared/regions/region-codes.ts';
import { staffComparisonCells } from '../../subgraphs/national/comparisons/staff-comparison.ts';

const [VI, XII] = [parseRegionCode('VI'), parseRegionCode('XII')];

const PLANS = [
  { regionCode: VI, year: 2023, kind: 'DOCUMENT' },
  { regionCode: VI, year: 2024, kind: 'SYNTHETIC' },
  { regionCode: XII, year: 2024, kind: 'DOCUMENT' },
];

describe('staff comparison', () => {
  it('lists every region and year asked, region-major, without the year before', () => {
    expect(staffComparisonCells({ regions: [XII, VI], years: [2023, 2024], kinds: null }, PLANS)).toEqual([
      { regionCode: XII, year: 2023 },
      { regionCode: XII, year: 2024 },
      { regionCode: VI, year: 2023 },
      { regionCode: VI, year: 2024 },
    ]);
  });

  it('keeps only region-years whose plan is of a kind asked; one without a plan has no kind', () => {
    expect(staffComparisonCells({ regions: [XII, VI], years: [2023, 2024], kinds: ['DOCUMENT'] }, PLANS)).toEqual([
      { regionCode: XII, year: 2024 },
      { regionCode: VI, year: 2023 },
    ]);
  });
});
