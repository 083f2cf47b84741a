import { BKN_REGIONS, type KnownRegions } from '../regions/known-regions.ts';
import type { PlanFile } from './plan-file.types.ts';
import { realisationFileSchema } from './realisation-file.schema.ts';
import type { RealisationFile } from './realisation-file.types.ts';
import { checkRegionAndYear, validateJsonFile, type PlanFileProblem } from './validate-plan-file.ts';

export type RealisationFileValidation =
  | { ok: true; plan: RealisationFile }
  | { ok: false; problems: PlanFileProblem[] };

/**
 * Shape, region and year, and no (code, period) twice. Checking codes against the plan needs the plan:
 * `checkAgainstPlan`.
 */
export function validateRealisationFile(text: string, regions: KnownRegions = BKN_REGIONS): RealisationFileValidation {
  return validateJsonFile<RealisationFile>(text, realisationFileSchema, (file) => [
    ...checkRegionAndYear(file, regions),
    ...checkDuplicates(file),
  ]);
}

function checkDuplicates(file: RealisationFile) {
  const problems: Array<{ path: Array<string | number>; message: string }> = [];
  for (const list of ['indicatorRealisations', 'budgetRealisations'] as const) {
    const seen = new Map<string, number>();
    file[list].forEach((entry, index) => {
      const key = `${entry.code}@${entry.period}`;
      if (seen.has(key))
        problems.push({
          path: [list, index],
          message: `"${entry.code}" has a second ${entry.period} figure (also at ${list}[${seen.get(key)}])`,
        });
      seen.set(key, index);
    });
  }
  return problems;
}

/** Every realised code must be one of the plan's: a realisation of nothing cannot be compared with anything. */
export function checkAgainstPlan(
  file: RealisationFile,
  plan: PlanFile,
): Array<{ path: Array<string | number>; message: string }> {
  const indicatorCodes = new Set(plan.indicatorTargets.map((indicator) => indicator.code));
  const budgetCodes = new Set(plan.budgetLines.map((line) => line.code));
  const problems: Array<{ path: Array<string | number>; message: string }> = [];
  file.indicatorRealisations.forEach((entry, index) => {
    if (!indicatorCodes.has(entry.code))
      problems.push({
        path: ['indicatorRealisations', index, 'code'],
        message: `indicator "${entry.code}" is not in the ${plan.region} ${plan.year} plan`,
      });
  });
  file.budgetRealisations.forEach((entry, index) => {
    if (!budgetCodes.has(entry.code))
      problems.push({
        path: ['budgetRealisations', index, 'code'],
        message: `budget line "${entry.code}" is not in the ${plan.region} ${plan.year} plan`,
      });
  });
  return problems;
}
