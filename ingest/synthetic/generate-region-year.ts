import type { PlanFile } from '../../shared/plan-file/plan-file.types.ts';
import type { RealisationFile } from '../../shared/plan-file/realisation-file.types.ts';
import type { RegionCode } from '../../shared/regions/region-codes.ts';
import { generateBudgetAllocations, generateBudgetTree, pegawaiBudgetFor } from './generate-budget-tree.ts';
import { generateIndicatorTargets, generateStrategicGoals, type CatalogueIndicator } from './generate-indicators.ts';
import { generateRealisationFile, type ReportedThrough } from './generate-realisations.ts';
import { generateStaff } from './generate-staff.ts';
import { generateWorkArea } from './generate-work-area.ts';
import { FIRST_SYNTHETIC_YEAR, generated, syntheticDocument, syntheticFlag } from './synthetic-provenance.ts';

export interface RegionYearRequest {
  seed: number;
  region: RegionCode;
  year: number;
  catalogue: readonly CatalogueIndicator[];
  reportedThrough: ReportedThrough;
}

/**
 * The plan file and, when the year has reported quarters, the realisation file of one region-year. A pure
 * function of the request: the same request gives the same files whatever else is generated.
 */
export function generateRegionYear({ seed, region, year, catalogue, reportedThrough }: RegionYearRequest): {
  plan: PlanFile;
  realisation: RealisationFile | null;
} {
  const { staff, headcount } = generateStaff(seed, region, year, pegawaiBudgetFor(seed, region, FIRST_SYNTHETIC_YEAR));
  const indicatorTargets = generateIndicatorTargets(seed, region, year, catalogue);
  const budget = generateBudgetTree(seed, region, year, headcount);
  const plan: PlanFile = {
    format: 'bkn-plan/1',
    region,
    year,
    kind: 'SYNTHETIC',
    document: syntheticDocument(seed),
    flags: [syntheticFlag(seed)],
    totalBudget: budget.totalBudget,
    spendingSplit: budget.spendingSplit,
    strategicGoals: generateStrategicGoals(),
    indicatorTargets,
    budgetLines: budget.budgetLines,
    budgetAllocations: generateBudgetAllocations(budget.budgetLines, indicatorTargets),
    staff,
    organisationUnits: [],
    workArea: generateWorkArea(seed, region),
  };
  const realisation = generateRealisationFile(seed, plan, reportedThrough);
  // A complete year's plan also carries the year's figure, as the XII 2023 file does; it is the realisation file's
  // YEAR figure.
  for (const entry of realisation?.indicatorRealisations ?? []) {
    if (entry.period !== 'YEAR') continue;
    const indicator = plan.indicatorTargets.find((candidate) => candidate.code === entry.code)!;
    indicator.realisation = entry.value;
    indicator.realisationSource = generated('indicator realisation, YEAR (as in the realisation file)');
  }
  return { plan, realisation };
}
