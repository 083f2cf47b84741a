import type { Kysely } from 'kysely';
import type { IndicatorCodeRow, IndicatorRow, NationalDatabase } from '../database/national-database.types.ts';

export function findAllIndicators(db: Kysely<NationalDatabase>): Promise<IndicatorRow[]> {
  return db.selectFrom('indicator').selectAll().orderBy('position').execute();
}

/** The catalogue's ids in catalogue order: what an error about an unknown id lists. */
export async function findIndicatorIds(db: Kysely<NationalDatabase>): Promise<string[]> {
  const rows = await db.selectFrom('indicator').select('id').orderBy('position').execute();
  return rows.map((row) => row.id);
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
