import { describe, expect, it } from 'vitest';
import { parseRegionCode } from '../../shared/regions/region-codes.ts';
import {
  fillBudgetGrid,
  layOutBudgetComparison,
} from '../../subgraphs/national/comparisons/budget-comparison-layout.ts';
import { budgetComparisonRows } from '../../subgraphs/national/comparisons/budget-comparison-rows.ts';

const [VI, XII] = [parseRegionCode('VI'), parseRegionCode('XII')];

// P1 changed meaning in 2024 (a new nomenclature version); P2 exists from 2024 only.
const NOMENCLATURE = [
  { code: 'P1', version_id: 'RSPP-2020', valid_from: 2020, valid_to: 2023 },
  { code: 'P1', version_id: 'RSPP-2024', valid_from: 2024, valid_to: null },
  { code: 'P2', version_id: 'RSPP-2024', valid_from: 2024, valid_to: null },
];
const QUESTION = { regions: [VI, XII], years: [2023, 2024], codes: ['P1', 'P2'], kinds: null };
const DOCUMENT = { filled: true, kind: 'DOCUMENT' };
const SYNTHETIC = { filled: true, kind: 'SYNTHETIC' };
const NO_PLAN = { filled: true, kind: null };

// In layout order (see the first test); XII did not answer for 2022.
const FILLED = {
  cells: [
    { ...DOCUMENT, name: 'Program A', amount: 1_000_000_000 },
    { ...DOCUMENT, name: 'Program A', amount: 1_300_000_000, realisedAmount: 1_170_000_000 },
    { ...DOCUMENT, name: 'Program A (2024)', amount: 1_500_000_000, realisationMissing: 'NOT_IMPORTED' },
    { ...DOCUMENT, name: null, amount: null },
    null,
    { ...SYNTHETIC, name: 'Program A', amount: 900_000_000, realisedAmount: 450_000_000 },
    { ...NO_PLAN, amount: null },
    { ...NO_PLAN, amount: null },
  ],
  totals: [
    { ...DOCUMENT, totalBudget: 2_000_000_000 },
    { ...DOCUMENT, totalBudget: 2_600_000_000 },
    { ...DOCUMENT, totalBudget: 3_000_000_000 },
    null,
    { ...SYNTHETIC, totalBudget: 1_800_000_000 },
    { ...NO_PLAN, totalBudget: null },
  ],
};

const NOTHING = {
  name: null,
  amount: null,
  realisedAmount: null,
  absorption: null,
  realisationMissing: null,
  shareOfRegionTotal: null,
  amountChange: null,
  amountChangeRatio: null,
};

function rowsFor(kinds: string[] | null) {
  const question = { ...QUESTION, kinds };
  return budgetComparisonRows(
    question,
    NOMENCLATURE,
    fillBudgetGrid(layOutBudgetComparison(question, NOMENCLATURE), FILLED),
  );
}

describe('budget comparison layout', () => {
  it('asks for the codes each year’s nomenclature has, the year before each too, and each region-year total', () => {
    const layout = layOutBudgetComparison(QUESTION, NOMENCLATURE);
    expect(layout.cells.map((cell) => `${cell.regionCode} ${cell.year} ${cell.code}`)).toEqual([
      'VI 2022 P1',
      'VI 2023 P1',
      'VI 2024 P1',
      'VI 2024 P2',
      'XII 2022 P1',
      'XII 2023 P1',
      'XII 2024 P1',
      'XII 2024 P2',
    ]);
    expect(layout.totals.map((total) => `${total.regionCode} ${total.year}`)).toEqual([
      'VI 2022',
      'VI 2023',
      'VI 2024',
      'XII 2022',
      'XII 2023',
      'XII 2024',
    ]);
  });
});

describe('budget comparison rows', () => {
  const rows = rowsFor(null);
  const rowOf = (region: string, year: number, code: string, of = rows) =>
    of.find((row) => row.region.code === region && row.year === year && row.code === code)!;

  it('has one row per region, year and code asked, in that order', () => {
    expect(rows.map((row) => `${row.region.code} ${row.year} ${row.code}`)).toEqual([
      'VI 2023 P1',
      'VI 2023 P2',
      'VI 2024 P1',
      'VI 2024 P2',
      'XII 2023 P1',
      'XII 2023 P2',
      'XII 2024 P1',
      'XII 2024 P2',
    ]);
  });

  it('gives amount, absorption, share of the region’s total and the change within one nomenclature version', () => {
    expect(rowOf(VI, 2023, 'P1')).toEqual({
      region: { code: VI },
      year: 2023,
      code: 'P1',
      name: 'Program A',
      kind: 'DOCUMENT',
      amount: 1_300_000_000,
      realisedAmount: 1_170_000_000,
      absorption: 0.9,
      realisationMissing: null,
      shareOfRegionTotal: 0.5, // of 2 600 000 000
      amountChange: 300_000_000, // from 1 000 000 000
      amountChangeRatio: 0.3,
      missing: null,
    });
  });

  it('computes no change across nomenclature versions: the code is not the same thing', () => {
    expect(rowOf(VI, 2024, 'P1')).toMatchObject({
      amount: 1_500_000_000,
      shareOfRegionTotal: 0.5,
      realisationMissing: 'NOT_IMPORTED',
      absorption: null,
      amountChange: null,
      amountChangeRatio: null,
    });
  });

  it('computes no change from a year whose region did not answer', () => {
    expect(rowOf(XII, 2023, 'P1')).toMatchObject({
      kind: 'SYNTHETIC',
      amount: 900_000_000,
      absorption: 0.5,
      shareOfRegionTotal: 0.5,
      amountChange: null,
    });
  });

  it('names why a row has no amount: not in that year’s nomenclature, no line, no plan', () => {
    const reasons = (of: typeof rows) =>
      of
        .filter((row) => row.missing !== null)
        .map((row) => `${row.region.code} ${row.year} ${row.code} ${row.missing}`);
    expect(reasons(rows)).toEqual([
      'VI 2023 P2 NOT_IN_NOMENCLATURE',
      'VI 2024 P2 NO_VALUE',
      'XII 2023 P2 NOT_IN_NOMENCLATURE',
      'XII 2024 P1 NO_PLAN',
      'XII 2024 P2 NO_PLAN',
    ]);
    expect(rowOf(VI, 2023, 'P2')).toEqual({
      region: { code: VI },
      year: 2023,
      code: 'P2',
      kind: 'DOCUMENT',
      ...NOTHING,
      missing: 'NOT_IN_NOMENCLATURE',
    });
  });

  it('leaves out the kinds not asked, keeping the row to name it', () => {
    const documents = rowsFor(['DOCUMENT']);
    expect(rowOf(XII, 2023, 'P1', documents)).toEqual({
      region: { code: XII },
      year: 2023,
      code: 'P1',
      kind: 'SYNTHETIC',
      ...NOTHING,
      missing: 'EXCLUDED_KIND',
    });
    expect(rowOf(VI, 2023, 'P1', documents)).toEqual(rowOf(VI, 2023, 'P1'));
  });

  it('marks every code of a region that did not answer as unavailable', () => {
    const down = budgetComparisonRows(
      { ...QUESTION, regions: [XII], years: [2022], codes: ['P1'] },
      NOMENCLATURE,
      fillBudgetGrid(
        layOutBudgetComparison({ ...QUESTION, regions: [XII], years: [2022], codes: ['P1'] }, NOMENCLATURE),
        {},
      ),
    );
    expect(down.map((row) => row.missing)).toEqual(['REGION_UNAVAILABLE']);
  });
});
