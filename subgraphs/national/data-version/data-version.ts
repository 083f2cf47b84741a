import { sql, type Kysely } from 'kysely';
import type { NationalDatabase } from '../database/national-database.types.ts';

/** Moves the counter: called by every import that changed something (plans and realisations alike). */
export async function bumpDataVersion(db: Kysely<NationalDatabase>): Promise<string> {
  const row = await db
    .updateTable('data_version')
    .set({ version: sql`version + 1`, changed_at: sql`now()` })
    .where('id', '=', 1)
    .returning('version')
    .executeTakeFirst();
  return String(row?.version ?? 0);
}

export async function readDataVersion(db: Kysely<NationalDatabase>): Promise<string> {
  const row = await db.selectFrom('data_version').select('version').where('id', '=', 1).executeTakeFirst();
  return String(row?.version ?? 0);
}

/** One region's data version: a digest of the content hashes the region's imports last recorded. */
export interface RegionDataVersion {
  region: string;
  version: string;
}

/**
 * Every region's data version, in one query: the md5 of its recorded content hashes (every year and file kind,
 * in a fixed order). It moves exactly when an import records new content for that region, in the transaction
 * that moves the national counter, and never for another region's import.
 */
export async function readRegionDataVersions(db: Kysely<NationalDatabase>): Promise<RegionDataVersion[]> {
  const rows = await db
    .selectFrom('imported_content')
    .select([
      'region_code as region',
      sql<string>`md5(string_agg(year || ' ' || file_kind || ' ' || content_hash, ',' order by year, file_kind))`.as(
        'version',
      ),
    ])
    .groupBy('region_code')
    .orderBy('region_code')
    .execute();
  return rows;
}
