import type { PlanFile } from '../../shared/plan-file/plan-file.types.ts';
import type { RealisationFile, RealisationPeriod } from '../../shared/plan-file/realisation-file.types.ts';
import { absorptionPatternOf, type AbsorptionPattern } from './generate-budget-tree.ts';
import { measureOf, SCALE_FLOOR } from './generate-indicators.ts';
import { clamp, roundTo } from './figure-arithmetic.ts';
import { SeededRandom } from './seeded-random.ts';
import { generated, syntheticDocument, syntheticFlag } from './synthetic-provenance.ts';

/**
 * The last quarter with figures: years before it are complete, its year has quarters 1 … quarter, later years
 * nothing.
 */
export interface ReportedThrough {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

const QUARTERS = ['TW1', 'TW2', 'TW3', 'TW4'] as const;

/**
 * Cumulative share of the year-end absorption reached by the end of TW1, TW2 and TW3: salaries month by
 * month (with the 13th salary in June), running costs steadily, activities and purchases mostly late.
 */
const ABSORPTION_CURVES: Record<AbsorptionPattern, ReadonlyArray<readonly [number, number]>> = {
  SALARY: [
    [0.23, 0.26],
    [0.5, 0.54],
    [0.74, 0.77],
  ],
  OPERATIONS: [
    [0.15, 0.22],
    [0.4, 0.48],
    [0.65, 0.72],
  ],
  ACTIVITY: [
    [0.05, 0.15],
    [0.3, 0.45],
    [0.55, 0.75],
  ],
  CAPITAL: [
    [0, 0.02],
    [0.05, 0.25],
    [0.35, 0.65],
  ],
};
/** Share of the pagu absorbed by the end of the year. */
const YEAR_END_ABSORPTION: Record<AbsorptionPattern, readonly [number, number]> = {
  SALARY: [0.93, 0.99],
  OPERATIONS: [0.88, 0.99],
  ACTIVITY: [0.85, 0.99],
  CAPITAL: [0.85, 0.99],
};

export function reportedPeriods(year: number, reportedThrough: ReportedThrough): RealisationPeriod[] {
  if (year > reportedThrough.year) return [];
  const quarters = year < reportedThrough.year ? 4 : reportedThrough.quarter;
  return [...QUARTERS.slice(0, quarters), ...(quarters === 4 ? (['YEAR'] as const) : [])];
}

/**
 * The four cumulative quarterly figures of an indicator: the year's figure is the target missed or beaten by a
 * few percent (the region's tendency plus chance), capped at 100; cumulative indicators build up to it, level
 * indicators hover around it. Always computed for all four quarters, so unreported quarters do not shift the others.
 */
function indicatorQuarters(
  random: SeededRandom,
  indicator: { nationalIndicatorId: string; unit: string },
  target: number,
  regionTendency: number,
): number[] {
  const profile = measureOf(indicator.nationalIndicatorId, indicator.unit);
  const floor = SCALE_FLOOR[profile.scale];
  const spread = profile.scale === 'PERCENT' ? 0.025 : 0.015;
  const yearFigure = roundTo(clamp(target * (1 + regionTendency + random.normal(0, spread)), floor, 100), 2);
  if (profile.progress === 'CUMULATIVE') {
    const first = random.between(0.15, 0.35);
    const second = first + random.between(0.15, 0.3);
    const third = Math.min(0.97, second + random.between(0.15, 0.3));
    return [first, second, third].map((share) => roundTo(yearFigure * share, 2)).concat(yearFigure);
  }
  return [1.5, 1, 0.5]
    .map((quarterSpread) => roundTo(clamp(yearFigure + random.normal(0, quarterSpread), floor, 100), 2))
    .concat(yearFigure);
}

function absorbedQuarters(random: SeededRandom, pattern: AbsorptionPattern, pagu: number): number[] {
  const [lowest, highest] = YEAR_END_ABSORPTION[pattern];
  const yearEnd = Math.round(pagu * random.between(lowest, highest));
  return ABSORPTION_CURVES[pattern]
    .map(([low, high]) => Math.round(yearEnd * random.between(low, high)))
    .concat(yearEnd);
}

/**
 * The realisation file of a region-year: indicator figures and absorbed amounts per RO for every reported
 * period (TW1 … TW4 cumulative, YEAR equal to TW4), or null when the year has no reported quarter yet.
 */
export function generateRealisationFile(
  seed: number,
  plan: PlanFile,
  reportedThrough: ReportedThrough,
): RealisationFile | null {
  const periods = reportedPeriods(plan.year, reportedThrough);
  if (periods.length === 0) return null;
  const { region } = plan;
  const tendency = new SeededRandom(seed, `${region}/performance-tendency`).between(-0.03, 0.03);
  const valueAt = (quarters: number[], period: RealisationPeriod) =>
    quarters[period === 'YEAR' ? 3 : QUARTERS.indexOf(period)]!;

  const indicatorRandom = new SeededRandom(seed, `${region}/${plan.year}/indicator-realisations`);
  const indicatorRealisations = plan.indicatorTargets.flatMap((indicator) => {
    if (indicator.target === null) return [];
    const quarters = indicatorQuarters(indicatorRandom, indicator, indicator.target, tendency);
    return periods.map((period) => ({
      code: indicator.code,
      period,
      value: valueAt(quarters, period),
      source: generated(`indicator realisation, ${period}`),
      flags: [],
    }));
  });

  const budgetRandom = new SeededRandom(seed, `${region}/${plan.year}/budget-realisations`);
  const budgetRealisations = plan.budgetLines
    .filter((line) => line.level === 'RO')
    .flatMap((line) => {
      const quarters = absorbedQuarters(budgetRandom, absorptionPatternOf(line.code), line.amount);
      return periods.map((period) => ({
        code: line.code,
        period,
        amount: valueAt(quarters, period),
        source: generated(`budget realisation, ${period}`),
        flags: [],
      }));
    });

  return {
    format: 'bkn-realisation/1',
    region: plan.region,
    year: plan.year,
    kind: 'SYNTHETIC',
    document: syntheticDocument(seed),
    flags: [syntheticFlag(seed)],
    indicatorRealisations,
    budgetRealisations,
  };
}
