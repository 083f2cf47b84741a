import { describe, expect, it } from 'vitest';
import {
  latestRealisation,
  rollUpRealisations,
  type RollupLine,
} from '../../subgraphs/regional/budget/budget-realisation-rollup.ts';

const line = (code: string, level: string, parent_code: string | null): RollupLine => ({ code, level, parent_code });

// PROGRAM P ─ KEGIATAN 4843 ─ KRO 4843.EAA ─ RO .002, .003 (and a komponen under .003)
//                           └ KRO 4843.EAB ─ RO .005
const TREE = [
  line('P', 'PROGRAM', null),
  line('4843', 'KEGIATAN', 'P'),
  line('4843.EAA', 'KRO', '4843'),
  line('4843.EAA.002', 'RO', '4843.EAA'),
  line('4843.EAA.003', 'RO', '4843.EAA'),
  line('4843.EAA.003.001', 'KOMPONEN', '4843.EAA.003'),
  line('4843.EAB', 'KRO', '4843'),
  line('4843.EAB.005', 'RO', '4843.EAB'),
];

describe('budget realisation rolled up the tree', () => {
  it('sums every level above RO per period, exactly, beyond what a float sum keeps', () => {
    const rolledUp = rollUpRealisations(TREE, [
      { budget_code: '4843.EAA.002', period: 'YEAR', amount: '9007199254740000' },
      { budget_code: '4843.EAA.003', period: 'YEAR', amount: '990' },
      { budget_code: '4843.EAA.003', period: 'TW3', amount: '500' },
      { budget_code: '4843.EAB.005', period: 'YEAR', amount: '1' },
      { budget_code: '4843.EAA.002', period: 'TW3', amount: '7' },
      { budget_code: '4843.EAB.005', period: 'TW3', amount: '3' },
    ]);
    expect(latestRealisation(rolledUp.get('P'))).toEqual({ period: 'YEAR', amount: 9007199254740991 });
    expect(rolledUp.get('4843.EAA')!.byPeriod).toEqual(
      new Map([
        ['TW3', 507n],
        ['YEAR', 9007199254740990n],
      ]),
    );
    expect(rolledUp.get('4843')).toMatchObject({ basis: 'ROLLED_UP', missing: null, roLines: 3, roLinesRealised: 3 });
    expect(rolledUp.get('4843.EAA.002')).toMatchObject({ basis: 'IMPORTED', roLines: 1, roLinesRealised: 1 });
    // Below RO nothing is imported: the komponen has none, and does not stop its RO's own figure.
    expect(rolledUp.get('4843.EAA.003.001')).toMatchObject({ basis: null, missing: 'NOT_IMPORTED', roLines: 0 });
  });

  it('gives no sum where a line below has none, and says how many lack one', () => {
    const rolledUp = rollUpRealisations(TREE, [{ budget_code: '4843.EAA.002', period: 'YEAR', amount: 10 }]);
    expect(rolledUp.get('4843.EAA')).toMatchObject({
      basis: null,
      missing: 'INCOMPLETE_BELOW',
      note: '1 of 2 RO lines below have no realisation',
      roLines: 2,
      roLinesRealised: 1,
    });
    expect(rolledUp.get('4843')).toMatchObject({
      missing: 'INCOMPLETE_BELOW',
      note: '2 of 2 KRO lines below have no realisation',
    });
    expect(latestRealisation(rolledUp.get('P'))).toEqual({ period: null, amount: null });
  });

  it('sums only periods every line below has, and none when they share none', () => {
    const shared = rollUpRealisations(TREE, [
      { budget_code: '4843.EAA.002', period: 'YEAR', amount: 10 },
      { budget_code: '4843.EAA.002', period: 'TW3', amount: 6 },
      { budget_code: '4843.EAA.003', period: 'TW3', amount: 4 },
    ]);
    // .002 reached YEAR, .003 only TW3: the KRO is known to TW3, not to YEAR.
    expect(latestRealisation(shared.get('4843.EAA'))).toEqual({ period: 'TW3', amount: 10 });
    const disjoint = rollUpRealisations(TREE, [
      { budget_code: '4843.EAA.002', period: 'YEAR', amount: 10 },
      { budget_code: '4843.EAA.003', period: 'TW3', amount: 4 },
    ]);
    expect(disjoint.get('4843.EAA')).toMatchObject({ missing: 'NO_COMMON_PERIOD', byPeriod: new Map() });
  });

  it('gives a line above RO with nothing below it no figure, and its own imported one wins over a sum', () => {
    const rolledUp = rollUpRealisations(
      [line('Q', 'PROGRAM', null), ...TREE],
      [{ budget_code: '4843.EAB', period: 'YEAR', amount: 42 }],
    );
    expect(rolledUp.get('Q')).toMatchObject({ missing: 'NO_LINES_BELOW', note: 'no budget lines below it' });
    expect(rolledUp.get('4843.EAB')).toMatchObject({ basis: 'IMPORTED', roLines: 1, roLinesRealised: 0 });
    expect(latestRealisation(rolledUp.get('4843.EAB')).amount).toBe(42);
  });
});
