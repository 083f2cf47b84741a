import { sql } from 'kysely';
import { type DatabaseHandle, inSchema } from '../../../shared/database/database.ts';
import type { PlanFile } from '../../../shared/plan-file/plan-file.types.ts';
import type { RegionalDatabase } from '../database/regional-database.types.ts';

/**
 * The content of a region-year's current plan in the region's `schema`, or null when it has none: what an
 * import checks a realisation file against. A region never imported into has no tables yet, hence null too.
 */
export async function findCurrentPlanContent(
  database: DatabaseHandle,
  schema: string,
  year: number,
): Promise<PlanFile | null> {
  const { rows } = await sql<{
    table: string | null;
  }>`select to_regclass(${`${schema}.work_plan`})::text as table`.execute(database.db);
  if (!rows[0]?.table) return null;
  const plan = await inSchema<RegionalDatabase>(database, schema)
    .selectFrom('work_plan')
    .select('content')
    .where('year', '=', year)
    .where('is_current', '=', true)
    .executeTakeFirst();
  return plan?.content ?? null;
}
