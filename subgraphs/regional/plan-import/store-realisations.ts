import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { jsonText as jsonb } from '../../../shared/database/column-types.ts';
import type { RealisationFile } from '../../../shared/plan-file/realisation-file.types.ts';
import type { Source } from '../../../shared/plan-file/plan-file.types.ts';
import { planIdsOfYear, storePlanRealisations } from '../budget/plan-realisation-totals.ts';
import type { RegionalDatabase } from '../database/regional-database.types.ts';
import type { StoredProvenance } from '../provenance/provenance.mapper.ts';

export type RealisationOutcome = 'created' | 'replaced' | 'unchanged';

/**
 * Writes a region-year's realisations in one transaction: an identical file changes nothing; a changed
 * one replaces the year's realisations whole (a realisation report supersedes the previous one), and the
 * year's plans' stored total realisations with them.
 */
export async function storeRealisations(
  db: Kysely<RegionalDatabase>,
  file: RealisationFile,
): Promise<RealisationOutcome> {
  return db.transaction().execute((trx) => storeRealisationsIn(trx, file));
}

/** The hash an identical realisation file is recognised by. */
export const realisationContentHash = (file: RealisationFile) =>
  createHash('sha256').update(JSON.stringify(file)).digest('hex');

/** storeRealisations inside a transaction the caller holds; commits nothing. */
export async function storeRealisationsIn(
  trx: Transaction<RegionalDatabase>,
  file: RealisationFile,
): Promise<RealisationOutcome> {
  const contentHash = realisationContentHash(file);
  const provenance = (source: Source): StoredProvenance => ({
    kind: source.kind ?? file.kind,
    document: file.document.file,
    ...source,
  });
  const existing = await trx
    .selectFrom('realisation_import')
    .select('content_hash')
    .where('year', '=', file.year)
    .forUpdate()
    .executeTakeFirst();
  if (existing?.content_hash === contentHash) return 'unchanged';
  if (existing) await trx.deleteFrom('realisation_import').where('year', '=', file.year).execute();
  await trx
    .insertInto('realisation_import')
    .values({
      year: file.year,
      kind: file.kind,
      document_file: file.document.file,
      document_title: file.document.title,
      flags: jsonb(file.flags),
      content_hash: contentHash,
    })
    .execute();
  if (file.indicatorRealisations.length) {
    await trx
      .insertInto('indicator_realisation')
      .values(
        file.indicatorRealisations.map((entry) => ({
          year: file.year,
          indicator_code: entry.code,
          period: entry.period,
          value: entry.value,
          source: jsonb(provenance(entry.source)),
          flags: jsonb(entry.flags),
        })),
      )
      .execute();
  }
  if (file.budgetRealisations.length) {
    await trx
      .insertInto('budget_realisation')
      .values(
        file.budgetRealisations.map((entry) => ({
          year: file.year,
          budget_code: entry.code,
          period: entry.period,
          amount: entry.amount,
          source: jsonb(provenance(entry.source)),
          flags: jsonb(entry.flags),
        })),
      )
      .execute();
  }
  // Every revision of the year rolls its total up from these realisations.
  await storePlanRealisations(trx, await planIdsOfYear(trx, file.year));
  return existing ? 'replaced' : 'created';
}
