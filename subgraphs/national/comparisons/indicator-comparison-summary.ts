import type { RegionCode } from '../../../shared/regions/region-codes.ts';
import { describe, type Statistics } from './comparison-statistics.ts';
import type { IndicatorComparisonRow } from './indicator-comparison-rows.ts';
import type { MissingReason } from './missing-reason.ts';

interface FigureStatistics {
  target: Statistics;
  realisation: Statistics;
  achievement: Statistics;
}

export interface IndicatorComparisonSummary extends FigureStatistics {
  byYear: Array<{ year: number } & FigureStatistics>;
  missing: Array<{ region: { code: RegionCode }; year: number; reason: MissingReason }>;
}

function describeFigures(rows: IndicatorComparisonRow[]): FigureStatistics {
  return {
    target: describe(rows.map((row) => row.target)),
    realisation: describe(rows.map((row) => row.realisation)),
    achievement: describe(rows.map((row) => row.achievement)),
  };
}

/**
 * Statistics over the rows shown (NO_VALUE rows count with the figures they have), over all asked years and
 * per year; and every row without figures, with its reason, including those of a kind left out.
 */
export function indicatorComparisonSummary(
  years: number[],
  rows: IndicatorComparisonRow[],
): IndicatorComparisonSummary {
  const shown = rows.filter((row) => row.missing === null || row.missing === 'NO_VALUE');
  return {
    ...describeFigures(shown),
    byYear: years.map((year) => ({ year, ...describeFigures(shown.filter((row) => row.year === year)) })),
    missing: rows.flatMap((row) =>
      row.missing === null ? [] : [{ region: row.region, year: row.year, reason: row.missing }],
    ),
  };
}
