import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { IndicatorCodeRow, IndicatorRow, NationalDatabase } from '../database/national-database.types.ts';
import { findIndicatorCodesByIndicatorIds, findIndicatorsByIds } from './indicator.queries.ts';

export function createIndicatorLoaders(db: Kysely<NationalDatabase>) {
  return {
    indicatorById: new DataLoader<string, IndicatorRow | null>(async (ids) => {
      const rows = await findIndicatorsByIds(db, ids);
      return ids.map((id) => rows.find((row) => row.id === id) ?? null);
    }),
    indicatorCodesByIndicatorId: new DataLoader<string, IndicatorCodeRow[]>(async (ids) => {
      const rows = await findIndicatorCodesByIndicatorIds(db, ids);
      return ids.map((id) => rows.filter((row) => row.indicator_id === id));
    }),
  };
}
