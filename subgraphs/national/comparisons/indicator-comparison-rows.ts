import type { RegionCode } from '../../../shared/regions/region-codes.ts';
import { achievement, gapToTarget } from './achievement.ts';
import type { CellGrid, RegionYearKey } from './comparison-cell-key.ts';
import type { GridQuestion } from './comparison-grid.ts';
import { type Ranked, type Ranking, rankEachYear } from './comparison-ranking.ts';
import type { IndicatorCellFigures } from './filled-cells.ts';
import { type MissingReason, regionYearMissing } from './missing-reason.ts';
import { figureChange } from './year-over-year-change.ts';

export interface IndicatorQuestion extends GridQuestion {
  indicatorId: string;
  /** Absent in ids encoded before rankings could be chosen: those ranked by… achievement now. */
  rankBy?: Ranking;
}

export type IndicatorCells = CellGrid<RegionYearKey, IndicatorCellFigures | null>;

export interface IndicatorComparisonRow extends Ranked {
  region: { code: RegionCode };
  year: number;
  code: string | null;
  kind: string | null;
  target: number | null;
  realisation: number | null;
  achievement: number | null;
  gapToTarget: number | null;
  targetChange: number | null;
  realisationChange: number | null;
  linkedBudget: number | null;
  costPerTargetPoint: number | null;
  agenciesServed: number | null;
  targetAgencies: number | null;
  realisationAgencies: number | null;
  missing: MissingReason | null;
}

/** Why an indicator cell has no figures: its region-year cannot be used, or it has neither target nor realisation. */
export function indicatorCellMissing(
  cell: IndicatorCellFigures | null | undefined,
  kinds: readonly string[] | null,
): MissingReason | null {
  const missing = regionYearMissing(cell, kinds);
  if (missing !== null) return missing;
  return cell!.target == null && cell!.realisation == null ? 'NO_VALUE' : null;
}

/**
 * One row per region × year asked (region-major), every figure derived from the cells the regions filled.
 * Rows of a kind the question left out stay in the list (marked EXCLUDED_KIND, without figures) so that the
 * summary can name them; the `rows` field does not show them.
 */
export function indicatorComparisonRows(
  question: Pick<IndicatorQuestion, 'regions' | 'years' | 'kinds' | 'rankBy'>,
  cells: IndicatorCells,
  higherIsBetter: boolean,
): IndicatorComparisonRow[] {
  /** A cell's figures where the whole cell counts, for the change: a year without them changes nothing. */
  const usableFigures = (regionCode: RegionCode, year: number) => {
    const cell = cells.get({ regionCode, year });
    return indicatorCellMissing(cell, question.kinds) === null ? cell! : null;
  };
  const rows = question.regions.flatMap((regionCode) =>
    question.years.map((year) => {
      const cell = cells.get({ regionCode, year }) ?? null;
      const missing = indicatorCellMissing(cell, question.kinds);
      // NO_VALUE still shows what the cell has (a code, a linked budget), only no target or realisation.
      const usable = missing === null || missing === 'NO_VALUE' ? cell : null;
      const target = usable?.target ?? null;
      const realisation = usable?.realisation ?? null;
      const previous = usableFigures(regionCode, year - 1);
      return {
        region: { code: regionCode },
        year,
        code: usable?.code ?? null,
        kind: cell?.kind ?? null,
        target,
        realisation,
        achievement: achievement(target, realisation, higherIsBetter),
        gapToTarget: gapToTarget(target, realisation, higherIsBetter),
        targetChange: figureChange(target, previous?.target),
        realisationChange: figureChange(realisation, previous?.realisation),
        linkedBudget: usable?.linkedBudget ?? null,
        costPerTargetPoint: usable?.costPerTargetPoint ?? null,
        agenciesServed: usable?.agenciesServed ?? null,
        targetAgencies: usable?.targetAgencies ?? null,
        realisationAgencies: usable?.realisationAgencies ?? null,
        missing,
      };
    }),
  );
  return rankEachYear(rows, question.rankBy ?? 'ACHIEVEMENT', higherIsBetter);
}
