import { toRupiah } from '../../../shared/money/rupiah-scalar.ts';

/** Periods in the order they close: the latest one a line has is its realisedAmount. */
export const PERIOD_ORDER = ['TW1', 'TW2', 'TW3', 'TW4', 'YEAR'];

/** Levels whose realisation is the sum of the lines below them (realisation reports give RO lines). */
export const ROLLED_UP_LEVELS = ['PROGRAM', 'KEGIATAN', 'KRO'];

export type RealisationBasis = 'IMPORTED' | 'ROLLED_UP';
export type RealisationMissing = 'NOT_IMPORTED' | 'INCOMPLETE_BELOW' | 'NO_LINES_BELOW' | 'NO_COMMON_PERIOD';

/** What the rollup needs of a budget line and of an imported realisation (database rows fit both). */
export interface RollupLine {
  code: string;
  level: string;
  parent_code: string | null;
}
export interface RollupRealisation {
  budget_code: string;
  period: string;
  amount: string | number | bigint;
}

/** A line's realisation: imported for the line itself, or summed from the lines below it. */
export interface LineRealisation {
  /** Period → amount, exact (BigInt: sums of BIGINT never pass through a float). */
  byPeriod: Map<string, bigint>;
  basis: RealisationBasis | null;
  missing: RealisationMissing | null;
  /** RO lines at or below the line, and how many of them have an imported realisation. */
  roLines: number;
  roLinesRealised: number;
  /** Why there is none, in words, e.g. "2 of 5 RO lines below have no realisation". */
  note: string | null;
}

const NOT_IMPORTED_NOTE = 'no realisation imported for this line';

/**
 * Every line's realisation in one pass over the plan's budget tree. A PROGRAM, KEGIATAN or KRO line without
 * a figure of its own gets, per period, the sum of its child lines' figures, only for periods every child
 * has; with a child missing (or no period in common) it gets none, and says why. Other lines have only what
 * was imported for them.
 */
export function rollUpRealisations(
  lines: readonly RollupLine[],
  realisations: readonly RollupRealisation[],
): Map<string, LineRealisation> {
  const children = new Map<string, RollupLine[]>();
  for (const line of lines) {
    if (line.parent_code === null) continue;
    const siblings = children.get(line.parent_code);
    if (siblings) siblings.push(line);
    else children.set(line.parent_code, [line]);
  }
  const imported = new Map<string, Map<string, bigint>>();
  for (const realisation of realisations) {
    const periods = imported.get(realisation.budget_code) ?? new Map<string, bigint>();
    periods.set(realisation.period, BigInt(realisation.amount));
    imported.set(realisation.budget_code, periods);
  }
  const result = new Map<string, LineRealisation>();
  const visit = (line: RollupLine): LineRealisation => {
    const known = result.get(line.code);
    if (known) return known;
    const below = (children.get(line.code) ?? []).map(visit);
    const own = imported.get(line.code);
    const roLines = (line.level === 'RO' ? 1 : 0) + below.reduce((sum, child) => sum + child.roLines, 0);
    const roLinesRealised =
      (line.level === 'RO' && own ? 1 : 0) + below.reduce((sum, child) => sum + child.roLinesRealised, 0);
    const figures = own
      ? { byPeriod: own, basis: 'IMPORTED' as const, missing: null, note: null }
      : ROLLED_UP_LEVELS.includes(line.level)
        ? sumOfChildren(children.get(line.code) ?? [], below)
        : { byPeriod: new Map(), basis: null, missing: 'NOT_IMPORTED' as const, note: NOT_IMPORTED_NOTE };
    // Written out, not spread: on Node 20 a second spread in an object literal copies through the runtime.
    const realisation: LineRealisation = {
      byPeriod: figures.byPeriod,
      basis: figures.basis,
      missing: figures.missing,
      note: figures.note,
      roLines,
      roLinesRealised,
    };
    result.set(line.code, realisation);
    return realisation;
  };
  lines.forEach(visit);
  return result;
}

/** A plan's total realisation: its top lines (the programs) summed as a PROGRAM sums its KEGIATAN lines. */
export function planRealisation(
  lines: readonly RollupLine[],
  rolledUp: Map<string, LineRealisation>,
): Pick<LineRealisation, 'byPeriod' | 'basis' | 'missing' | 'note'> {
  const top = lines.filter((line) => line.parent_code === null);
  return sumOfChildren(
    top,
    top.map((line) => rolledUp.get(line.code)!),
  );
}

function sumOfChildren(
  childLines: RollupLine[],
  below: LineRealisation[],
): Pick<LineRealisation, 'byPeriod' | 'basis' | 'missing' | 'note'> {
  if (below.length === 0)
    return { byPeriod: new Map(), basis: null, missing: 'NO_LINES_BELOW', note: 'no budget lines below it' };
  const without = below.filter((child) => child.byPeriod.size === 0).length;
  if (without > 0) {
    const levels = [...new Set(childLines.map((line) => line.level))].join('/');
    return {
      byPeriod: new Map(),
      basis: null,
      missing: 'INCOMPLETE_BELOW',
      note: `${without} of ${below.length} ${levels} lines below have no realisation`,
    };
  }
  const common = PERIOD_ORDER.filter((period) => below.every((child) => child.byPeriod.has(period)));
  if (common.length === 0)
    return {
      byPeriod: new Map(),
      basis: null,
      missing: 'NO_COMMON_PERIOD',
      note: 'the lines below have no realisation period in common',
    };
  const byPeriod = new Map(
    common.map((period) => [period, below.reduce((sum, child) => sum + child.byPeriod.get(period)!, 0n)]),
  );
  return { byPeriod, basis: 'ROLLED_UP', missing: null, note: null };
}

/** The latest period's amount (as a Rupiah number, range-checked) and that period; nulls without one. */
export function latestRealisation(realisation: Pick<LineRealisation, 'byPeriod'> | undefined): {
  period: string | null;
  amount: number | null;
} {
  const period = PERIOD_ORDER.filter((candidate) => realisation?.byPeriod.has(candidate)).at(-1);
  return period ? { period, amount: toRupiah(realisation!.byPeriod.get(period)!) } : { period: null, amount: null };
}
