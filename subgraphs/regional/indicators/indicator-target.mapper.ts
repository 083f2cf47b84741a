import { toRupiah } from '../../../shared/money/rupiah-scalar.ts';
import type {
  BudgetAllocationRow,
  IndicatorRealisationRow,
  IndicatorTargetRow,
} from '../database/regional-database.types.ts';
import { toFloat } from '../provenance/provenance.mapper.ts';
import { AGENCY_SHARE_INDICATORS, percentOfAgencies } from '../work-area/agency-share-indicators.ts';

/** Realisations of one indicator in period order, TW1 … TW4, then the full year. */
const PERIOD_ORDER = ['TW1', 'TW2', 'TW3', 'TW4', 'YEAR'];

function toIndicatorRealisation(row: IndicatorRealisationRow) {
  return { period: row.period, value: Number(row.value), provenance: row.source, flags: row.flags };
}

/**
 * A plan's indicator row with its realisations. The full-year figure of an imported realisation file
 * wins over a realisation the plan document states itself (e.g. XII 2023 as cited in the 2024 plan).
 */
export function toIndicatorTarget(row: IndicatorTargetRow, yearRealisations: IndicatorRealisationRow[] = []) {
  const realisations = yearRealisations
    .filter((realisation) => realisation.indicator_code === row.code)
    .sort((a, b) => PERIOD_ORDER.indexOf(a.period) - PERIOD_ORDER.indexOf(b.period))
    .map(toIndicatorRealisation);
  const fullYear = realisations.find((realisation) => realisation.period === 'YEAR');
  return {
    code: row.code,
    name: row.name,
    unit: row.unit,
    target: toFloat(row.target),
    realisation: fullYear ? fullYear.value : toFloat(row.realisation),
    realisations,
    indicator: { id: row.national_indicator_id },
    goalNumber: row.goal_number,
    targetProvenance: row.target_source,
    realisationProvenance: fullYear ? fullYear.provenance : row.realisation_source,
    targetRevision:
      row.revised_from === null
        ? null
        : { previousTarget: toFloat(row.revised_from), reason: row.revision_reason, provenance: row.revision_source },
    flags: row.flags,
  };
}

const NO_LINKED_BUDGET = Object.freeze({
  linkedBudget: null,
  linkedBudgetSharedWith: Object.freeze([]) as readonly string[],
  costPerTargetPoint: null,
});

/**
 * The budget the plan links to one indicator: the sum of the allocations naming its code. Cost per point
 * of target only where every such allocation funds this indicator alone: a shared amount has no per-point cost.
 */
export function linkedBudgetOf(code: string, target: number | null, allocations: BudgetAllocationRow[]) {
  const linked = allocations.filter((allocation) => allocation.indicator_codes.includes(code));
  if (linked.length === 0) return NO_LINKED_BUDGET;
  const linkedBudget = linked.reduce((sum, allocation) => sum + toRupiah(allocation.amount), 0);
  const sharedWith = [...new Set(linked.flatMap((allocation) => allocation.indicator_codes))].filter(
    (other) => other !== code,
  );
  const costPerTargetPoint =
    sharedWith.length === 0 && target !== null && target > 0 ? Math.round((linkedBudget / target) * 100) / 100 : null;
  return { linkedBudget, linkedBudgetSharedWith: sharedWith, costPerTargetPoint };
}

/**
 * A grid cell; a region-year without a plan (or without this indicator) gives null figures, not an error.
 * Every property is written out: on Node 20 each property after a spread in an object literal costs about
 * 1 µs (see `docs/performance.md`, "properties after a spread"), and a comparison fills thousands of cells.
 */
export function toIndicatorValue(
  key: { indicatorId: string; regionCode: string; year: number },
  row: IndicatorTargetRow | null,
  yearRealisations: IndicatorRealisationRow[],
  planKind: string | null,
  allocations: BudgetAllocationRow[],
  workAreaAgencies: number | null = null,
) {
  const target = row ? toIndicatorTarget(row, yearRealisations) : null;
  const agenciesServed = AGENCY_SHARE_INDICATORS.has(key.indicatorId) ? workAreaAgencies : null;
  const budget = target ? linkedBudgetOf(target.code, target.target, allocations) : NO_LINKED_BUDGET;
  return {
    __typename: 'IndicatorValue' as const,
    indicatorId: key.indicatorId,
    regionCode: key.regionCode,
    year: key.year,
    linkedBudget: budget.linkedBudget,
    linkedBudgetSharedWith: budget.linkedBudgetSharedWith,
    costPerTargetPoint: budget.costPerTargetPoint,
    filled: true,
    kind: planKind,
    code: target?.code ?? null,
    localName: target?.name ?? null,
    unit: target?.unit ?? null,
    target: target?.target ?? null,
    realisation: target?.realisation ?? null,
    realisations: target?.realisations ?? [],
    targetRevisedFrom: target?.targetRevision?.previousTarget ?? null,
    targetProvenance: target?.targetProvenance ?? null,
    realisationProvenance: target?.realisationProvenance ?? null,
    targetRevision: target?.targetRevision ?? null,
    flags: target?.flags ?? [],
    agenciesServed,
    targetAgencies: percentOfAgencies(target?.target ?? null, target?.unit ?? null, agenciesServed),
    realisationAgencies: percentOfAgencies(target?.realisation ?? null, target?.unit ?? null, agenciesServed),
  };
}
