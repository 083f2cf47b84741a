import { sql } from 'kysely';
import type { DatabaseHandle } from './database.ts';

/** pg_control_system().system_identifier: which database cluster (data directory) the handle is connected to. */
export async function readClusterIdentifier(database: DatabaseHandle): Promise<string> {
  const { rows } = await sql<{
    cluster: string;
  }>`select system_identifier::text as cluster from pg_control_system()`.execute(database.db);
  return rows[0]!.cluster;
}
