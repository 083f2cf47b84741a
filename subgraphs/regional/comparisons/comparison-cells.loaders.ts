import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { RegionalDatabase } from '../database/regional-database.types.ts';
import { findRegionYearCells, type RegionYearCellRow } from './region-year-cells.queries.ts';

export function createComparisonCellLoaders(db: Kysely<RegionalDatabase>) {
  return {
    /** year → its RegionYear cell's rows (the current plan and its figures), or null without a plan. One query. */
    regionYearCellByYear: new DataLoader<number, RegionYearCellRow | null>(async (years) => {
      const rows = await findRegionYearCells(db, years);
      return years.map((year) => rows.find((row) => row.plan.year === year) ?? null);
    }),
  };
}
