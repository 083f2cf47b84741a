import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { inSchema, migrateSchema, type DatabaseHandle } from '../../shared/database/database.ts';
import { formatProblem, validatePlanFile } from '../../shared/plan-file/validate-plan-file.ts';
import type { PlanFile } from '../../shared/plan-file/plan-file.types.ts';
import { regionSchemaName, type RegionCode } from '../../shared/regions/region-codes.ts';
import { referenceIndicators } from '../../subgraphs/national/database/seed-reference-data.ts';
import { prepareNationalDatabase } from '../../subgraphs/national/national-service.ts';
import { registerPlan } from '../../subgraphs/national/plan-registry/register-plan.ts';
import { regionalMigrations } from '../../subgraphs/regional/database/migrations/index.ts';
import type { RegionalDatabase } from '../../subgraphs/regional/database/regional-database.types.ts';
import { storePlan, type StoreOutcome } from '../../subgraphs/regional/plan-import/store-plan.ts';

export class PlanFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the plan files; nothing was loaded:\n  ${problems.join('\n  ')}`);
  }
}

export interface LoadedPlan {
  file: string;
  region: string;
  year: number;
  outcome: StoreOutcome;
}

/** Reads and validates every file first; throws PlanFileError listing every problem of every file. */
export async function readPlanFiles(paths: string[]): Promise<Array<{ file: string; plan: PlanFile }>> {
  const knownIndicatorIds = new Set(referenceIndicators.map((indicator) => indicator.id));
  const problems: string[] = [];
  const plans: Array<{ file: string; plan: PlanFile }> = [];
  for (const path of paths) {
    const file = basename(path);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      problems.push(`${file}: cannot read: ${(error as Error).message}`);
      continue;
    }
    const result = validatePlanFile(text, knownIndicatorIds);
    if (result.ok) plans.push({ file, plan: result.plan });
    else problems.push(...result.problems.map((problem) => formatProblem(file, problem)));
  }
  const keys = plans.map(({ plan }) => `${plan.region}-${plan.year}`);
  keys.forEach((key, index) => {
    if (keys.indexOf(key) !== index) problems.push(`${plans[index]!.file}: a second plan for ${key} in the same run`);
  });
  if (problems.length) throw new PlanFileError(problems);
  return plans;
}

/**
 * Validates all files, then writes each region-year in one transaction to its region's schema and
 * registers it nationally. Nothing is written when any file has a problem.
 */
export async function loadPlanFiles(
  database: DatabaseHandle,
  paths: string[],
  options: {
    schemaPrefix?: string;
    /** Where the national service keeps its data, when not beside the regions'. */
    nationalDatabase?: DatabaseHandle;
    onProgress?: (loaded: LoadedPlan, index: number, total: number) => void;
  } = {},
): Promise<LoadedPlan[]> {
  const plans = await readPlanFiles(paths);
  const national = await prepareNationalDatabase(options.nationalDatabase ?? database, options.schemaPrefix);
  const loaded: LoadedPlan[] = [];
  for (const [index, { file, plan }] of plans.entries()) {
    const schema = regionSchemaName(plan.region as RegionCode, options.schemaPrefix);
    await migrateSchema(database, schema, regionalMigrations);
    const outcome = await storePlan(inSchema<RegionalDatabase>(database, schema), plan);
    await registerPlan(national, plan);
    const result = { file, region: plan.region, year: plan.year, outcome };
    loaded.push(result);
    options.onProgress?.(result, index, plans.length);
  }
  return loaded;
}
