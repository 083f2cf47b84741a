/**
 * What `npm start` imported last time, so that a restart with the same files into a database nothing has
 * imported into since can skip the import. The import itself would change nothing then (an identical file
 * is recognised by its content hash), but checking every file costs most of a restart on PGlite, and a
 * demo start checks 165 of them.
 *
 * The record names the database cluster and its national data version, which every import that changes
 * anything moves: a new data directory, or an `npm run import` in between, makes the record stale, and the
 * files are imported as on a first start.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readClusterIdentifier } from '../../shared/database/cluster-identifier.ts';
import { inSchema, type DatabaseHandle } from '../../shared/database/database.ts';
import type { NationalDatabase } from '../../subgraphs/national/database/national-database.types.ts';
import { NATIONAL_SCHEMA } from '../../subgraphs/national/national-service.ts';
import { readDataVersion } from '../../subgraphs/national/data-version/data-version.ts';

export interface LastImportRecord {
  /** pg_control_system().system_identifier: which cluster (data directory) the files went into. */
  cluster: string;
  dataVersion: string;
  /** file path → SHA-256 of its content */
  files: Record<string, string>;
  plans: number;
}

/** Where the database stands now: its cluster and national data version. */
export async function databaseState(
  database: DatabaseHandle,
): Promise<Pick<LastImportRecord, 'cluster' | 'dataVersion'>> {
  return {
    cluster: await readClusterIdentifier(database),
    dataVersion: await readDataVersion(inSchema<NationalDatabase>(database, NATIONAL_SCHEMA)),
  };
}

export function fingerprintFiles(paths: string[]): Record<string, string> {
  return Object.fromEntries(paths.map((path) => [path, createHash('sha256').update(readFileSync(path)).digest('hex')]));
}

export function readLastImportRecord(recordPath: string): LastImportRecord | undefined {
  try {
    return JSON.parse(readFileSync(recordPath, 'utf8')) as LastImportRecord;
  } catch {
    // Missing or unreadable: import as on a first start.
    return undefined;
  }
}

/** Written beside the data directory, through a temporary file, so that a crash never leaves half a record. */
export function writeLastImportRecord(recordPath: string, record: LastImportRecord): void {
  writeFileSync(`${recordPath}.tmp`, JSON.stringify(record, null, 2));
  renameSync(`${recordPath}.tmp`, recordPath);
}

/** True when the same files, byte for byte, went into this very database and nothing was imported since. */
export function isUnchangedSince(
  record: LastImportRecord | undefined,
  now: Omit<LastImportRecord, 'plans'>,
): record is LastImportRecord {
  if (!record || record.cluster !== now.cluster || record.dataVersion !== now.dataVersion) return false;
  const paths = Object.keys(now.files);
  return (
    paths.length === Object.keys(record.files ?? {}).length &&
    paths.every((path) => record.files[path] === now.files[path])
  );
}
