import type { RegionCode } from '../../../shared/regions/region-codes.ts';

/** Where a region-year cell sits in a comparison's grid: an indicator's value, a plan's totals, its staff. */
export interface RegionYearKey {
  readonly regionCode: RegionCode;
  readonly year: number;
}

/** Where a budget cell sits: one code of a region-year's budget. */
export interface BudgetCellKey extends RegionYearKey {
  readonly code: string;
}

/**
 * Cells looked up by where they sit in the grid, whatever else the key object carries. Build one with
 * regionYearGrid or budgetCellGrid: they hold the only functions that turn a structured key into a Map key.
 */
export class CellGrid<Key, Cell> {
  readonly #cells = new Map<string, Cell>();
  readonly #idOf: (key: Key) => string;

  constructor(idOf: (key: Key) => string, entries: Iterable<readonly [Key, Cell]> = []) {
    this.#idOf = idOf;
    for (const [key, cell] of entries) this.#cells.set(idOf(key), cell);
  }

  /** The cell at `key`; undefined where the grid has no cell (not laid out, or a year before the first). */
  get(key: Key): Cell | undefined {
    return this.#cells.get(this.#idOf(key));
  }
}

// JSON of the fields in a fixed order: no separator a region code or budget code could contain.
const regionYearId = (key: RegionYearKey) => JSON.stringify([key.regionCode, key.year]);
const budgetCellId = (key: BudgetCellKey) => JSON.stringify([key.regionCode, key.year, key.code]);

export function regionYearGrid<Cell>(
  entries?: Iterable<readonly [RegionYearKey, Cell]>,
): CellGrid<RegionYearKey, Cell> {
  return new CellGrid(regionYearId, entries);
}

export function budgetCellGrid<Cell>(
  entries?: Iterable<readonly [BudgetCellKey, Cell]>,
): CellGrid<BudgetCellKey, Cell> {
  return new CellGrid(budgetCellId, entries);
}

/**
 * Pairs a layout with the cells the gateway handed back through @requires. They match by position: the
 * gateway returns the cells in the order national laid them out; a place without its cell pairs with null.
 */
export function pairByPosition<Key, Cell>(
  layout: readonly Key[],
  filled: ReadonlyArray<Cell | null> | null | undefined,
): Array<[Key, Cell | null]> {
  return layout.map((key, index) => [key, filled?.[index] ?? null]);
}
