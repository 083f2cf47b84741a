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
