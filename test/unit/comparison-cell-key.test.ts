import { describe, expect, it } from 'vitest';
import { parseRegionCode } from '../../shared/regions/region-codes.ts';
import {
  budgetCellGrid,
  pairByPosition,
  regionYearGrid,
} from '../../subgraphs/national/comparisons/comparison-cell-key.ts';

const VI = parseRegionCode('VI');
const XII = parseRegionCode('XII');

describe('cells looked up by where they sit', () => {
  it('finds a region-year cell by its region and year, whatever else the key carries', () => {
    const grid = regionYearGrid([
      [{ regionCode: VI, year: 2024 }, 'VI 2024'],
      [{ regionCode: XII, year: 2024 }, 'XII 2024'],
    ]);
    expect(grid.get({ regionCode: VI, year: 2024 })).toBe('VI 2024');
    const budgetRow = { regionCode: XII, year: 2024, code: '054.01' };
    expect(grid.get(budgetRow)).toBe('XII 2024');
    expect(grid.get({ regionCode: VI, year: 2023 })).toBeUndefined();
  });

  it('tells budget cells apart by code, even codes that look like a joined key', () => {
    const grid = budgetCellGrid([
      [{ regionCode: VI, year: 2024, code: '054.01' }, 1],
      [{ regionCode: VI, year: 2024, code: '054.01.WA' }, 2],
      [{ regionCode: VI, year: 2024, code: '2024@054' }, 3],
    ]);
    expect(grid.get({ regionCode: VI, year: 2024, code: '054.01' })).toBe(1);
    expect(grid.get({ regionCode: VI, year: 2024, code: '054.01.WA' })).toBe(2);
    expect(grid.get({ regionCode: VI, year: 2024, code: '2024@054' })).toBe(3);
    expect(grid.get({ regionCode: VI, year: 2023, code: '054.01' })).toBeUndefined();
  });

  it('pairs a layout with the cells handed back by position, null where a cell did not come back', () => {
    const layout = [
      { regionCode: VI, year: 2023 },
      { regionCode: VI, year: 2024 },
      { regionCode: XII, year: 2024 },
    ];
    expect(pairByPosition(layout, [{ filled: true }, null])).toEqual([
      [layout[0], { filled: true }],
      [layout[1], null],
      [layout[2], null],
    ]);
    expect(pairByPosition(layout, undefined).map(([, cell]) => cell)).toEqual([null, null, null]);
  });
});
