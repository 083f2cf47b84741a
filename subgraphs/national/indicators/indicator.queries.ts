import type { Kysely } from 'kysely';
import type { IndicatorCodeRow, IndicatorRow, NationalDatabase } from '../database/national-database.types.ts';

export function findAllIndicators(db: Kysely<NationalDatabase>): Promise<IndicatorRow[]> {
  return db.selectFrom('indicator').selectAll().orderBy('position').execute();
}

export function findIndicatorsByIds(db: Kysely<NationalDatabase>, ids: readonly string[]): Promise<IndicatorRow[]> {
  return db
    .selectFrom('indicator')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export function findIndicatorCodesByIndicatorIds(
  db: Kysely<NationalDatabase>,
  ids: readonly string[],
): Promise<IndicatorCodeRow[]> {
  return db
    .selectFrom('indicator_code')
    .selectAll()
    .where('indicator_id', 'in', [...ids])
    .orderBy('region_code')
    .orderBy('year')
    .execute();
}
