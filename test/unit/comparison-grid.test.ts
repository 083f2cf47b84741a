import { describe, expect, it } from 'vitest';
import { parseRegionCode } from '../../shared/regions/region-codes.ts';
import {
  layOutAskedRegionYears,
  layOutRegionYears,
  yearsWithPrevious,
} from '../../subgraphs/national/comparisons/comparison-grid.ts';

describe('the comparison grid', () => {
  it('lays out each asked year and the one before, ascending, once each, never before 2000', () => {
    expect(yearsWithPrevious([2024, 2000, 2022])).toEqual([2000, 2021, 2022, 2023, 2024]);
    expect(yearsWithPrevious([2023, 2024])).toEqual([2022, 2023, 2024]);
  });

  it('lays out region-years region-major, in the order the regions were asked', () => {
    const [XII, VI] = [parseRegionCode('XII'), parseRegionCode('VI')];
    expect(layOutRegionYears({ regions: [XII, VI], years: [2024] })).toEqual([
      { regionCode: XII, year: 2023 },
      { regionCode: XII, year: 2024 },
      { regionCode: VI, year: 2023 },
      { regionCode: VI, year: 2024 },
    ]);
  });

  it('lays out only the asked years, in the order asked, for a view that computes no change', () => {
    const [XII, VI] = [parseRegionCode('XII'), parseRegionCode('VI')];
    expect(layOutAskedRegionYears({ regions: [XII, VI], years: [2024, 2000] })).toEqual([
      { regionCode: XII, year: 2024 },
      { regionCode: XII, year: 2000 },
      { regionCode: VI, year: 2024 },
      { regionCode: VI, year: 2000 },
    ]);
  });
});
