import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { sql } from 'kysely';
import { inSchema, migrateSchema, type DatabaseHandle } from '../../shared/database/database.ts';
import { formatProblem, lineOfJsonPath, validatePlanFile } from '../../shared/plan-file/validate-plan-file.ts';
import { checkAgainstPlan, validateRealisationFile } from '../../shared/plan-file/validate-realisation-file.ts';
import type { PlanFile } from '../../shared/plan-file/plan-file.types.ts';
import type { RealisationFile } from '../../shared/plan-file/realisation-file.types.ts';
import { BKN_REGIONS, type KnownRegions } from '../../shared/regions/known-regions.ts';
import { regionSchemaName, type RegionCode } from '../../shared/regions/region-codes.ts';
import { referenceIndicators } from '../../subgraphs/national/database/seed-reference-data.ts';
import { prepareNationalDatabase } from '../../subgraphs/national/national-service.ts';
import { bumpDataVersion } from '../../subgraphs/national/data-version/data-version.ts';
import { registerPlan } from '../../subgraphs/national/plan-registry/register-plan.ts';
import { regionalMigrations } from '../../subgraphs/regional/database/migrations/index.ts';
import type { RegionalDatabase } from '../../subgraphs/regional/database/regional-database.types.ts';
import { storePlan } from '../../subgraphs/regional/plan-import/store-plan.ts';
import { storeRealisations } from '../../subgraphs/regional/plan-import/store-realisations.ts';

export class ImportFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the files; nothing was imported:\n  ${problems.join('\n  ')}`);
  }
}

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
}

export interface ImportOptions {
  schemaPrefix?: string;
  /** The region codes files may name; default the 14 offices (SYNTHETIC_SHARDS adds synthetic shards). */
  regions?: KnownRegions;
  /** Where the national service keeps its data, when not beside the regions'. */
  nationalDatabase?: DatabaseHandle;
  /** Validate everything against the files and the database, write nothing. */
  dryRun?: boolean;
  /** Fault injection for crash tests: hold each transaction open this long before committing. */
  commitDelayMs?: number;
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

/** The plan a realisation is checked against: one in the same run, else the region-year's current plan. */
async function currentPlanContent(database: DatabaseHandle, schema: string, year: number): Promise<PlanFile | null> {
  const { rows } = await sql<{ table: string | null }>`select to_regclass(${`${schema}.work_plan`})::text as table`.execute(database.db);
  if (!rows[0]?.table) return null;
  const plan = await inSchema<RegionalDatabase>(database, schema).selectFrom('work_plan').select('content').where('year', '=', year).where('is_current', '=', true).executeTakeFirst();
  return (plan?.content as PlanFile | undefined) ?? null;
}

/**
 * Reads and validates every file before anything is written: plan files on their own, realisation files
 * also against their plan. Throws ImportFileError listing every problem of every file, each located.
 */
export async function readImportFiles(database: DatabaseHandle, paths: string[], schemaPrefix = '', regions: KnownRegions = BKN_REGIONS): Promise<ImportItem[]> {
  const knownIndicatorIds = new Set(referenceIndicators.map((indicator) => indicator.id));
  const problems: string[] = [];
  const items: ImportItem[] = [];
  const texts = new Map<string, string>();
  for (const path of paths) {
    const file = basename(path);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      problems.push(`${file}: cannot read: ${(error as Error).message}`);
      continue;
    }
    texts.set(file, text);
    const format = formatOf(text);
    const result = format === 'bkn-realisation/1' ? validateRealisationFile(text, regions) : validatePlanFile(text, knownIndicatorIds, regions);
    if (!result.ok) problems.push(...result.problems.map((problem) => formatProblem(file, problem)));
    else if (format === 'bkn-realisation/1') items.push({ kind: 'realisation', file, realisation: result.plan as RealisationFile });
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
      items.find((other): other is Extract<ImportItem, { kind: 'plan' }> => other.kind === 'plan' && other.plan.region === region && other.plan.year === year)?.plan ??
      (await currentPlanContent(database, regionSchemaName(region as RegionCode, schemaPrefix), year));
    if (!plan) {
      problems.push(`${item.file}: there is no ${region} ${year} plan to realise against; import the plan first or in the same run`);
      continue;
    }
    const text = texts.get(item.file)!;
    problems.push(...checkAgainstPlan(item.realisation, plan).map((problem) => formatProblem(item.file, { ...problem, line: lineOfJsonPath(text, problem.path) })));
  }
  if (problems.length) throw new ImportFileError(problems);
  // Plans first, so that a realisation in the same run finds its plan.
  return [...items.filter((item) => item.kind === 'plan'), ...items.filter((item) => item.kind === 'realisation')];
}

/**
 * Validates all files, then writes each region-year in its own transaction to its region's schema and
 * registers plans nationally. Nothing is written when any file has a problem, or in a dry run.
 */
export async function importFiles(database: DatabaseHandle, paths: string[], options: ImportOptions = {}): Promise<ImportResult[]> {
  const regions = options.regions ?? BKN_REGIONS;
  const items = await readImportFiles(database, paths, options.schemaPrefix, regions);
  const results: ImportResult[] = [];
  const report = (result: ImportResult) => {
    results.push(result);
    options.onProgress?.(result, results.length - 1, items.length);
  };
  if (options.dryRun) {
    for (const item of items) report({ file: item.file, kind: item.kind, region: regionOf(item).region, year: regionOf(item).year, outcome: 'checked' });
    return results;
  }
  const national = await prepareNationalDatabase(options.nationalDatabase ?? database, options.schemaPrefix, regions);
  const migrated = new Set<string>();
  for (const item of items) {
    const { region, year } = regionOf(item);
    const schema = regionSchemaName(region as RegionCode, options.schemaPrefix);
    if (!migrated.has(schema)) {
      await migrateSchema(database, schema, regionalMigrations);
      migrated.add(schema);
    }
    const db = inSchema<RegionalDatabase>(database, schema);
    if (item.kind === 'plan') {
      const stored = await storePlan(db, item.plan, { commitDelayMs: options.commitDelayMs });
      await registerPlan(national, item.plan);
      if (stored.outcome !== 'unchanged') await bumpDataVersion(national);
      report({ file: item.file, kind: 'plan', region, year, outcome: stored.outcome, revision: stored.revision, changes: stored.changes });
    } else {
      const outcome = await storeRealisations(db, item.realisation, { commitDelayMs: options.commitDelayMs });
      if (outcome !== 'unchanged') await bumpDataVersion(national);
      report({ file: item.file, kind: 'realisation', region, year, outcome });
    }
  }
  return results;
}
