/** What a comparison ranks the regions of a year by (the schema's ComparisonRanking). */
export type Ranking = 'ACHIEVEMENT' | 'REALISATION';

/** Competition ranking (1, 1, 3): equal values share a rank; items without a value get none. */
export function rankValues<Item>(
  items: Item[],
  figureOf: (item: Item) => number | null,
  higherIsBetter: boolean,
): Map<Item, number> {
  const ranked = items
    .filter((item) => figureOf(item) !== null)
    .sort((a, b) => (higherIsBetter ? figureOf(b)! - figureOf(a)! : figureOf(a)! - figureOf(b)!));
  const ranks = new Map<Item, number>();
  ranked.forEach((item, index) => {
    const previous = ranked[index - 1];
    ranks.set(item, previous !== undefined && figureOf(previous) === figureOf(item) ? ranks.get(previous)! : index + 1);
  });
  return ranks;
}

export interface RankableRow {
  year: number;
  missing: string | null;
  achievement: number | null;
  realisation: number | null;
}

export interface Ranked {
  /** 1 = best among the ranked rows of the year; null on a row that is not ranked. */
  rank: number | null;
  /** How many rows of the year are ranked; null on a row that is not ranked. */
  rankedAmong: number | null;
}

/**
 * Ranks the rows of each year that have the ranked figure (rows with a missing reason never do). Achievement
 * already points the better way (it is inverted where lower is better), so it ranks highest first;
 * realisation ranks by `higherIsBetter`. Returns the rows in their order, each with its rank.
 */
export function rankEachYear<Row extends RankableRow>(
  rows: Row[],
  rankBy: Ranking,
  higherIsBetter: boolean,
): Array<Row & Ranked> {
  return rankRowsEachYear(
    rows,
    rankBy === 'REALISATION' ? (row) => row.realisation : (row) => row.achievement,
    rankBy === 'REALISATION' ? higherIsBetter : true,
  );
}

/**
 * Ranks the rows of each year without a missing reason by one figure (competition ranking: ties share a
 * rank); rows without the figure are not ranked. Returns the rows in their order, each with its rank.
 */
const UNRANKED: Ranked = Object.freeze({ rank: null, rankedAmong: null });

export function rankRowsEachYear<Row extends { year: number; missing: string | null }>(
  rows: Row[],
  figureOf: (row: Row) => number | null,
  higherIsBetter: boolean,
): Array<Row & Ranked> {
  const rankOf = new Map<Row, Ranked>();
  for (const year of new Set(rows.map((row) => row.year))) {
    const candidates = rows.filter((row) => row.year === year && row.missing === null);
    const ranks = rankValues(candidates, figureOf, higherIsBetter);
    for (const [row, rank] of ranks) rankOf.set(row, { rank, rankedAmong: ranks.size });
  }
  // Object.assign, not `{ ...row, ...rank }`: on Node 20 a second spread copies through the runtime, about
  // 1 µs a property, and a comparison ranks every cell.
  return rows.map((row) => Object.assign({}, row, rankOf.get(row) ?? UNRANKED));
}
