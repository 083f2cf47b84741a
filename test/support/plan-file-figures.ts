import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PlanFile } from '../../shared/plan-file/plan-file.types.ts';
import type { RealisationFile } from '../../shared/plan-file/realisation-file.types.ts';

/**
 * The figures of plan and realisation files, read straight from the JSON: what comparison tests compute
 * their expectations from, independently of the database and the graph.
 */
export interface RegionYearFiles {
  plan: PlanFile;
  realisation: RealisationFile | undefined;
}

export function readRegionYearFiles(directories: string[]): Map<string, RegionYearFiles> {
  const byKey = new Map<string, RegionYearFiles>();
  const realisations: RealisationFile[] = [];
  for (const directory of directories) {
    for (const name of readdirSync(directory)) {
      const content = JSON.parse(readFileSync(join(directory, name), 'utf8'));
      if (content.format === 'bkn-plan/1')
        byKey.set(`${content.region}@${content.year}`, { plan: content, realisation: undefined });
      else if (content.format === 'bkn-realisation/1') realisations.push(content);
    }
  }
  for (const realisation of realisations) {
    const entry = byKey.get(`${realisation.region}@${realisation.year}`);
    if (entry) entry.realisation = realisation;
  }
  return byKey;
}

/** An indicator's target and full-year realisation in a region-year (the realisation file's YEAR figure wins). */
export function indicatorFigures(files: RegionYearFiles | undefined, indicatorId: string) {
  const target = files?.plan.indicatorTargets.find((indicator) => indicator.nationalIndicatorId === indicatorId);
  if (!files || !target) return null;
  const reported = files.realisation?.indicatorRealisations.find(
    (entry) => entry.code === target.code && entry.period === 'YEAR',
  );
  return { code: target.code, target: target.target, realisation: reported ? reported.value : target.realisation };
}

const PERIODS = ['TW1', 'TW2', 'TW3', 'TW4', 'YEAR'];

/** A budget line's amount and latest realised amount in a region-year. */
export function budgetFigures(files: RegionYearFiles | undefined, code: string) {
  const line = files?.plan.budgetLines.find((budgetLine) => budgetLine.code === code);
  if (!files || !line) return null;
  const realised = (files.realisation?.budgetRealisations ?? [])
    .filter((entry) => entry.code === code)
    .sort((a, b) => PERIODS.indexOf(a.period) - PERIODS.indexOf(b.period))
    .at(-1);
  return { amount: line.amount, realisedAmount: realised?.amount ?? null, name: line.name };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
