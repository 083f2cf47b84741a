import { describe, expect, it } from 'vitest';
import { parseRegionCode } from '../../shared/regions/region-codes.ts';
import type { BudgetComparisonRow } from '../../subgraphs/national/comparisons/budget-comparison-rows.ts';
import { budgetComparisonSummary, sumRupiah } from '../../subgraphs/national/comparisons/budget-comparison-summary.ts';
import type { MissingReason } from '../../subgraphs/national/comparisons/missing-reason.ts';

const [VI, XII] = [parseRegionCode('VI'), parseRegionCode('XII')];

function row(region: string, year: number, code: string, amount: number | null, missing: MissingReason | null = null) {
  return {
    region: { code: region === 'VI' ? VI : XII },
    year,
    code,
    name: null,
    kind: null,
    amount,
    realisedAmount: null,
    absorption: null,
    realisationMissing: null,
    shareOfRegionTotal: null,
    amountChange: null,
    amountChangeRatio: null,
    missing,
  } satisfies BudgetComparisonRow;
}

describe('budget comparison summary', () => {
  const rows = [
    row('VI', 2023, 'P1', 1_300_000_000),
    row('VI', 2023, 'P2', null, 'NOT_IN_NOMENCLATURE'),
    row('VI', 2024, 'P1', 1_500_000_000),
    row('VI', 2024, 'P2', null, 'NO_VALUE'),
    row('XII', 2023, 'P1', 900_000_000),
    row('XII', 2023, 'P2', null, 'EXCLUDED_KIND'),
    row('XII', 2024, 'P1', null, 'NO_PLAN'),
    row('XII', 2024, 'P2', null, 'REGION_UNAVAILABLE'),
  ];
  const summary = budgetComparisonSummary({ codes: ['P1', 'P2'], years: [2023, 2024] }, rows);

  it('totals each code and year over the regions with an amount, code-major, zero where none has one', () => {
    expect(summary.totals).toEqual([
      {
        code: 'P1',
        year: 2023,
        total: 2_200_000_000n,
        amount: { count: 2, min: 900_000_000, max: 1_300_000_000, mean: 1_100_000_000, median: 1_100_000_000 },
      },
      {
        code: 'P1',
        year: 2024,
        total: 1_500_000_000n,
        amount: { count: 1, min: 1_500_000_000, max: 1_500_000_000, mean: 1_500_000_000, median: 1_500_000_000 },
      },
      { code: 'P2', year: 2023, total: 0n, amount: { count: 0, min: null, max: null, mean: null, median: null } },
      { code: 'P2', year: 2024, total: 0n, amount: { count: 0, min: null, max: null, mean: null, median: null } },
    ]);
  });

  it('names every row without an amount and why, those of a kind left out included', () => {
    expect(summary.missing).toEqual([
      { region: { code: VI }, year: 2023, code: 'P2', reason: 'NOT_IN_NOMENCLATURE' },
      { region: { code: VI }, year: 2024, code: 'P2', reason: 'NO_VALUE' },
      { region: { code: XII }, year: 2023, code: 'P2', reason: 'EXCLUDED_KIND' },
      { region: { code: XII }, year: 2024, code: 'P1', reason: 'NO_PLAN' },
      { region: { code: XII }, year: 2024, code: 'P2', reason: 'REGION_UNAVAILABLE' },
    ]);
  });

  it('sums Rupiah exactly where a float sum would round', () => {
    expect(9_007_199_254_740_991 + 2).toBe(9_007_199_254_740_992); // the float sum is off by one
    expect(sumRupiah([9_007_199_254_740_991, 2])).toBe(9_007_199_254_740_993n);
    expect(sumRupiah([])).toBe(0n);
    const large = budgetComparisonSummary({ codes: ['P1'], years: [2024] }, [
      row('VI', 2024, 'P1', 9_007_199_254_740_991),
      row('XII', 2024, 'P1', 2),
    ]);
    expect(large.totals[0]!.total).toBe(9_007_199_254_740_993n);
  });
});
