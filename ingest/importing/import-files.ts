import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Transaction } from 'kysely';
import {
  bindSchema,
  migrateSchema,
  type DatabaseHandle,
  type UnboundDatabase,
} from '../../shared/database/database.ts';
import { MAX_FILE_BYTES, regionYearOfFileName } from '../../shared/plan-file/database-limits.ts';
import { formatProblem, lineOfJsonPath, validatePlanFile } from '../../shared/plan-file/validate-plan-file.ts';
import { checkAgainstPlan, validateRealisationFile } from '../../shared/plan-file/validate-realisation-file.ts';
import type { PlanFile } from '../../shared/plan-file/plan-file.types.ts';
import type { RealisationFile } from '../../shared/plan-file/realisation-file.types.ts';
import { BKN_REGIONS, type KnownRegions } from '../../shared/regions/known-regions.ts';
import { regionSchemaName } from '../../shared/regions/region-codes.ts';
import { referenceIndicators } from '../../subgraphs/national/database/seed-reference-data.ts';
import type { NationalDatabase } from '../../subgraphs/national/database/national-database.types.ts';
import { NATIONAL_SCHEMA, prepareNationalDatabase } from '../../subgraphs/national/national-service.ts';
import { bumpDataVersion } from '../../subgraphs/national/data-version/data-version.ts';
import {
  findImportedContent,
  importedContentKey,
  recordImportedContent,
} from '../../subgraphs/national/data-version/imported-content.ts';
import { registerPlanIn } from '../../subgraphs/national/plan-registry/register-plan.ts';
import { regionalMigrations } from '../../subgraphs/regional/database/migrations/index.ts';
import type { RegionalDatabase } from '../../subgraphs/regional/database/regional-database.types.ts';
import { findCurrentPlanContent } from '../../subgraphs/regional/plan-import/current-plan-content.ts';
import { planContentHash, storePlanIn } from '../../subgraphs/regional/plan-import/store-plan.ts';
import {
  realisationContentHash,
  storeRealisationsIn,
} from '../../subgraphs/regional/plan-import/store-realisations.ts';

export class ImportFileError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the files; ` +
        `nothing was imported:\n  ${problems.join('\n  ')}`,
    );
  }
}

/**
 * The national writes could not follow regional writes that are already committed (the national service
 * keeps its data in another database). Running the same import again finishes it: the registry and the
 * data version are keyed to the content they record, not to whether the regional write changed anything.
 */
export class PartialImportError extends Error {
  constructor(
    /** "VI 2021 plan", … : what the regional database now holds. */
    readonly committed: string[],
    override readonly cause: unknown,
  ) {
    super(
      `committed to the regional database: ${committed.join(', ')}; NOT written: ` +
        'the national plan registry and data version ' +
        `(${(cause as Error)?.message ?? String(cause)}). Run the same import again to finish it.`,
    );
  }
}

/**
 * The points of an import's write path a crash test stops it at (IMPORT_PAUSE_AT in scripts/import.ts):
 * after-plan: every regional row written (in another database than national's: committed);
 * after-registry: the national plan registry written; before-version: the imported-content record written,
 * the data version not yet moved; before-commit: everything written, nothing of the national transaction committed.
 */
export const IMPORT_STEPS = ['after-plan', 'after-registry', 'before-version', 'before-commit'] as const;
export type ImportStep = (typeof IMPORT_STEPS)[number];

export type ImportItem =
  | { kind: 'plan'; file: string; plan: PlanFile }
  | { kind: 'realisation'; file: string; realisation: RealisationFile };

export interface ImportResult {
  file: string;
  kind: 'plan' | 'realisation';
  region: string;
  year: number;
  outcome: 'created' | 'revised' | 'replaced' | 'unchanged' | 'checked';
  /** Plans: the revision now served, and how many figures changed from the previous one. */
  revision?: number;
  changes?: number;
  /**
   * The file was already stored, but the national registry or data version lagged (a killed run): brought up to date.
   */
  repaired?: boolean;
}

export interface ImportOptions {
  schemaPrefix?: string;
  /** The region codes files may name; default the 14 offices (SYNTHETIC_SHARDS adds synthetic shards). */
  regions?: KnownRegions;
  /** Where the national service keeps its data, when not beside the regions'. */
  nationalDatabase?: DatabaseHandle;
  /** Validate everything against the files and the database, write nothing. */
  dryRun?: boolean;
  /** Test-only: called at each step of the write path; a crash test kills the process there. */
  atStep?: (step: ImportStep) => void | Promise<void>;
  onProgress?: (result: ImportResult, index: number, total: number) => void;
}

const regionOf = (item: ImportItem) => (item.kind === 'plan' ? item.plan : item.realisation);

function formatOf(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as { format?: unknown };
    return typeof json?.format === 'string' ? json.format : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads and validates every file before anything is written: plan files on their own, realisation files
 * also against their plan. Throws ImportFileError listing every problem of every file, each located.
 */
export async function readImportFiles(
  database: DatabaseHandle,
  paths: string[],
  schemaPrefix = '',
  regions: KnownRegions = BKN_REGIONS,
): Promise<ImportItem[]> {
  const knownIndicatorIds = new Set(referenceIndicators.map((indicator) => indicator.id));
  const problems: string[] = [];
  const items: ImportItem[] = [];
  const texts = new Map<string, string>();
  for (const path of paths) {
    const file = basename(path);
    let text: string;
    try {
      const { size } = await stat(path);
      if (size > MAX_FILE_BYTES) {
        problems.push(
          `${file}: the file has ${size} bytes, more than the ${MAX_FILE_BYTES} a plan or realisation file may ` +
            'have; not read',
        );
        continue;
      }
      text = await readFile(path, 'utf8');
    } catch (error) {
      problems.push(`${file}: cannot read: ${(error as Error).message}`);
      continue;
    }
    texts.set(file, text);
    const format = formatOf(text);
    const result =
      format === 'bkn-realisation/1'
        ? validateRealisationFile(text, regions)
        : validatePlanFile(text, knownIndicatorIds, regions);
    const content = result.ok ? (result.plan as { region: string; year: number }) : undefined;
    const named = regionYearOfFileName(file);
    if (content && named && (named.region !== content.region || named.year !== content.year)) {
      const path = named.region !== content.region ? ['region'] : ['year'];
      problems.push(
        formatProblem(file, {
          path,
          line: lineOfJsonPath(text, path),
          message: `the file's name says ${named.region} ${named.year}, its content ${content.region} ${content.year}`,
        }),
      );
      continue;
    }
    if (!result.ok) problems.push(...result.problems.map((problem) => formatProblem(file, problem)));
    else if (format === 'bkn-realisation/1')
      items.push({ kind: 'realisation', file, realisation: result.plan as RealisationFile });
    else items.push({ kind: 'plan', file, plan: result.plan as PlanFile });
  }
  const keys = items.map((item) => `${item.kind} ${regionOf(item).region} ${regionOf(item).year}`);
  keys.forEach((key, index) => {
    if (keys.indexOf(key) !== index) problems.push(`${items[index]!.file}: a second ${key} in the same run`);
  });
  for (const item of items) {
    if (item.kind !== 'realisation') continue;
    const { region, year } = item.realisation;
    const plan =
      items.find(
        (other): other is Extract<ImportItem, { kind: 'plan' }> =>
          other.kind === 'plan' && other.plan.region === region && other.plan.year === year,
      )?.plan ?? (await findCurrentPlanContent(database, regionSchemaName(region, schemaPrefix), year));
    if (!plan) {
      problems.push(
        `${item.file}: there is no ${region} ${year} plan to realise against; import the plan first or in the same run`,
      );
      continue;
    }
    const text = texts.get(item.file)!;
    problems.push(
      ...checkAgainstPlan(item.realisation, plan).map((problem) =>
        formatProblem(item.file, { ...problem, line: lineOfJsonPath(text, problem.path) }),
      ),
    );
  }
  if (problems.length) throw new ImportFileError(problems);
  // Plans first, so that a realisation in the same run finds its plan.
  return [...items.filter((item) => item.kind === 'plan'), ...items.filter((item) => item.kind === 'realisation')];
}

/**
 * Validates all files and checks every database limit (the pre-flight), then writes the whole batch:
 * regional rows, national registry, imported-content records and one move of the data version in ONE
 * transaction when national lives in the same database, else one transaction per database, regional first
 * (a failure in between throws PartialImportError naming what was committed). The registry and data version
 * follow the national imported-content record, not the regional outcome, so re-running a killed import
 * repairs them. Nothing is written when any file has a problem, or in a dry run.
 */
export async function importFiles(
  database: DatabaseHandle,
  paths: string[],
  options: ImportOptions = {},
): Promise<ImportResult[]> {
  const regions = options.regions ?? BKN_REGIONS;
  const schemaPrefix = options.schemaPrefix ?? '';
  const items = await readImportFiles(database, paths, schemaPrefix, regions);
  const results: ImportResult[] = [];
  const report = (result: ImportResult) => {
    results.push(result);
    options.onProgress?.(result, results.length - 1, items.length);
  };
  if (options.dryRun) {
    for (const item of items)
      report({
        file: item.file,
        kind: item.kind,
        region: regionOf(item).region,
        year: regionOf(item).year,
        outcome: 'checked',
      });
    return results;
  }
  // Schemas and reference data first: idempotent, and no figure of the files is written yet.
  const nationalHandle = options.nationalDatabase ?? database;
  await prepareNationalDatabase(nationalHandle, schemaPrefix, regions);
  const schemas = [...new Set(items.map((item) => regionSchemaName(regionOf(item).region, schemaPrefix)))];
  for (const schema of schemas) await migrateSchema(database, schema, regionalMigrations);
  const atStep = async (step: ImportStep) => options.atStep?.(step);
  const nationalSchema = `${schemaPrefix}${NATIONAL_SCHEMA}`;

  const writeRegional = async (trx: Transaction<UnboundDatabase>) => {
    for (const item of items) {
      const { region, year } = regionOf(item);
      const db = bindSchema<RegionalDatabase>(trx, regionSchemaName(region, schemaPrefix));
      if (item.kind === 'plan') {
        const stored = await storePlanIn(db, item.plan);
        report({
          file: item.file,
          kind: 'plan',
          region,
          year,
          outcome: stored.outcome,
          revision: stored.revision,
          changes: stored.changes,
        });
      } else {
        report({
          file: item.file,
          kind: 'realisation',
          region,
          year,
          outcome: await storeRealisationsIn(db, item.realisation),
        });
      }
    }
  };
  const writeNational = async (trx: Transaction<UnboundDatabase>) => {
    const db = bindSchema<NationalDatabase>(trx, nationalSchema);
    const entries = items.map((item, index) => ({
      item,
      index,
      region_code: regionOf(item).region,
      year: regionOf(item).year,
      file_kind: item.kind,
      content_hash: item.kind === 'plan' ? planContentHash(item.plan) : realisationContentHash(item.realisation),
    }));
    const recorded = await findImportedContent(db, entries);
    const lagging = entries.filter((entry) => recorded.get(importedContentKey(entry)) !== entry.content_hash);
    // results[i] is items[i]'s: the regional writes report them in order.
    for (const { index } of lagging) if (results[index]?.outcome === 'unchanged') results[index]!.repaired = true;
    for (const { item } of lagging) if (item.kind === 'plan') await registerPlanIn(db, item.plan);
    await atStep('after-registry');
    for (const { region_code, year, file_kind, content_hash } of lagging)
      await recordImportedContent(db, { region_code, year, file_kind, content_hash });
    await atStep('before-version');
    if (lagging.length) await bumpDataVersion(db);
    await atStep('before-commit');
  };

  const committed = () => items.map((item) => `${regionOf(item).region} ${regionOf(item).year} ${item.kind}`);
  if (nationalHandle === database) {
    await database.db.transaction().execute(async (trx) => {
      await writeRegional(trx);
      await atStep('after-plan');
      await writeNational(trx);
    });
    return results;
  }
  await database.db.transaction().execute(writeRegional);
  try {
    await atStep('after-plan');
    await nationalHandle.db.transaction().execute(writeNational);
  } catch (error) {
    throw new PartialImportError(committed(), error);
  }
  return results;
}
