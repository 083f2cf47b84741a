import { readFileSync } from 'node:fs';
import { parseYear } from '../../../shared/regions/region-codes.ts';
import { assertOwnRegion, type RegionalContext } from '../context.ts';
import type { WorkPlan } from '../plans/plan.mapper.ts';
import { toIndicatorTarget, toIndicatorValue } from './indicator-target.mapper.ts';

export const typeDefs = readFileSync(new URL('./indicator-target.graphql', import.meta.url), 'utf8');

interface IndicatorValueKey {
  indicatorId: string;
  regionCode: string;
  year: number;
}

export const resolvers = {
  WorkPlan: {
    async indicatorTargets(plan: WorkPlan, _args: unknown, context: RegionalContext) {
      const [rows, realisations] = await Promise.all([
        context.loaders.indicatorTargetsByPlanId.load(plan.id),
        context.loaders.indicatorRealisationsByYear.load(plan.year),
      ]);
      return rows.map((row) => toIndicatorTarget(row, realisations));
    },
  },
  IndicatorValue: {
    async __resolveReference(key: IndicatorValueKey, context: RegionalContext) {
      assertOwnRegion(key.regionCode, context);
      const cell = await context.loaders.indicatorCellByIndicatorYear.load({
        indicatorId: key.indicatorId,
        year: parseYear(key.year),
      });
      return toIndicatorValue(
        key,
        cell?.target ?? null,
        cell?.realisations ?? [],
        cell?.plan_kind ?? null,
        cell?.allocations ?? [],
        cell?.agencies_served ?? null,
      );
    },
  },
};
