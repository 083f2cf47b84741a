import type { Kysely } from 'kysely';
import type { ImportedContentTable, NationalDatabase } from '../database/national-database.types.ts';

export type { ImportedContentTable };

export type ImportedContentKey = Pick<ImportedContentTable, 'region_code' | 'year' | 'file_kind'>;

const keyOf = (entry: ImportedContentKey) => `${entry.file_kind} ${entry.region_code} ${entry.year}`;

/** The recorded hash of every given region-year and file kind, keyed "plan VI 2021"; one query. */
export async function findImportedContent(
  db: Kysely<NationalDatabase>,
  keys: ImportedContentKey[],
): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  const rows = await db
    .selectFrom('imported_content')
    .select(['region_code', 'year', 'file_kind', 'content_hash'])
    .where((eb) =>
      eb.or(
        keys.map((key) =>
          eb.and([
            eb('region_code', '=', key.region_code),
            eb('year', '=', key.year),
            eb('file_kind', '=', key.file_kind),
          ]),
        ),
      ),
    )
    .execute();
  return new Map(rows.map((row) => [keyOf(row), row.content_hash]));
}

export const importedContentKey = keyOf;

/** Records what an import made current; written in the transaction that moves the data version. */
export async function recordImportedContent(db: Kysely<NationalDatabase>, entry: ImportedContentTable): Promise<void> {
  await db
    .insertInto('imported_content')
    .values(entry)
    .onConflict((oc) =>
      oc.columns(['region_code', 'year', 'file_kind']).doUpdateSet({ content_hash: entry.content_hash }),
    )
    .execute();
}
