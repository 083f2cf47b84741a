import { describe, expect, it } from 'vitest';
import { parseRegionCode } from '../../shared/regions/region-codes.ts';
import { regionYearGrid } from '../../subgraphs/national/comparisons/comparison-cell-key.ts';
import type { RegionYearFigures } from '../../subgraphs/national/comparisons/filled-cells.ts';
import {
  budgetPerAgency,
  spendingComparisonRows,
} from '../../subgraphs/national/comparisons/spending-comparison-rows.ts';

const [VI, XII, I] = [parseRegionCode('VI'), parseRegionCode('XII'), parseRegionCode('I')];

const TOTALS = regionYearGrid<RegionYearFigures | null>([
  [
    { regionCode: VI, year: 2022 },
    { filled: true, kind: 'DOCUMENT', totalBudget: 1_500_000_000 },
  ],
  [
    { regionCode: VI, year: 2023 },
    {
      filled: true,
      kind: 'DOCUMENT',
      totalBudget: 2_000_000_000,
      pegawai: 1_000_000_000,
      operasional: 600_000_000,
      nonOperasional: 400_000_000,
      realisedBudget: 1_800_000_000,
      agenciesServed: 41,
    },
  ],
  [
    { regionCode: XII, year: 2022 },
    { filled: true, kind: 'SYNTHETIC', totalBudget: 1_000_000_000 },
  ],
  [{ regionCode: XII, year: 2023 }, null],
  [
    { regionCode: I, year: 2022 },
    { filled: true, kind: null },
  ],
  [
    { regionCode: I, year: 2023 },
    { filled: true, kind: 'DOCUMENT', totalBudget: null, pegawai: 5 },
  ],
]);

const NO_FIGURES = {
  totalBudget: null,
  pegawai: null,
  operasional: null,
  nonOperasional: null,
  pegawaiShare: null,
  operasionalShare: null,
  nonOperasionalShare: null,
  totalChange: null,
  realisedBudget: null,
  absorption: null,
  agenciesServed: null,
  budgetPerAgency: null,
};

describe('spending comparison rows', () => {
  const rows = spendingComparisonRows({ regions: [VI, XII, I], years: [2023], kinds: null }, TOTALS);

  it('sets the split beside the total, with shares, change, absorption and budget per agency', () => {
    expect(rows[0]).toEqual({
      region: { code: VI },
      year: 2023,
      kind: 'DOCUMENT',
      totalBudget: 2_000_000_000,
      pegawai: 1_000_000_000,
      operasional: 600_000_000,
      nonOperasional: 400_000_000,
      pegawaiShare: 0.5,
      operasionalShare: 0.3,
      nonOperasionalShare: 0.2,
      totalChange: 500_000_000, // from 1 500 000 000
      realisedBudget: 1_800_000_000,
      absorption: 0.9,
      agenciesServed: 41,
      budgetPerAgency: 48_780_488, // 2 000 000 000 ÷ 41 = 48 780 487.8…
      missing: null,
    });
  });

  it('names why a region-year has no figures: its region did not answer, its plan has no total', () => {
    expect(rows.slice(1)).toEqual([
      { region: { code: XII }, year: 2023, kind: null, ...NO_FIGURES, missing: 'REGION_UNAVAILABLE' },
      { region: { code: I }, year: 2023, kind: 'DOCUMENT', ...NO_FIGURES, missing: 'NO_VALUE' },
    ]);
  });

  it('does not list region-years of a kind left out, and computes no change from one', () => {
    const documents = spendingComparisonRows({ regions: [VI, XII], years: [2022], kinds: ['DOCUMENT'] }, TOTALS);
    expect(documents.map((row) => `${row.region.code} ${row.year}`)).toEqual(['VI 2022']);
    const synthetic = regionYearGrid<RegionYearFigures>([
      [
        { regionCode: VI, year: 2022 },
        { filled: true, kind: 'SYNTHETIC', totalBudget: 1 },
      ],
      [
        { regionCode: VI, year: 2023 },
        { filled: true, kind: 'DOCUMENT', totalBudget: 3 },
      ],
    ]);
    const [row] = spendingComparisonRows({ regions: [VI], years: [2023], kinds: ['DOCUMENT'] }, synthetic);
    expect(row).toMatchObject({ totalBudget: 3, totalChange: null });
  });

  it('has no budget per agency where the agencies are unknown or none', () => {
    expect(budgetPerAgency(1_000, 3)).toBe(333);
    expect(budgetPerAgency(1_000, 0)).toBeNull();
    expect(budgetPerAgency(1_000, null)).toBeNull();
    expect(budgetPerAgency(null, 3)).toBeNull();
  });
});
