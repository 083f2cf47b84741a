import { readFileSync } from 'node:fs';
import { toRupiah } from '../../../shared/money/rupiah-scalar.ts';
import { parseYear } from '../../../shared/regions/region-codes.ts';
import { latestRealisation } from '../budget/budget-realisation-rollup.ts';
import { toBudgetLine } from '../budget/budget.mapper.ts';
import { totalRealisationOf } from '../budget/budget.resolvers.ts';
import { assertOwnRegion, type RegionalContext } from '../context.ts';
import { toWorkPlan, type WorkPlan } from '../plans/plan.mapper.ts';
import { toWorkArea } from '../work-area/work-area.mapper.ts';

export const typeDefs = readFileSync(new URL('./comparison-cells.graphql', import.meta.url), 'utf8');

/**
 * A budget cell's answer. Every property is written out: on Node 20 each property after a spread in an object
 * literal costs about 1 µs (see `docs/performance.md`, "properties after a spread").
 */
function budgetCell(
  key: { regionCode: string; year: number; code: string },
  kind: string | null,
  line: ReturnType<typeof toBudgetLine> | null,
) {
  return {
    __typename: 'BudgetCell' as const,
    regionCode: key.regionCode,
    year: key.year,
    code: key.code,
    filled: true,
    kind,
    name: line?.name ?? null,
    amount: line?.amount ?? null,
    realisedAmount: line?.realisedAmount ?? null,
    realisationMissing: line?.realisationMissing ?? null,
    provenance: line?.provenance ?? null,
    flags: line?.flags ?? [],
  };
}

async function resolveBudgetCell(key: { regionCode: string; year: number; code: string }, context: RegionalContext) {
  assertOwnRegion(key.regionCode, context);
  const cell = await context.loaders.budgetCellByCodeYear.load({ code: key.code, year: parseYear(key.year) });
  if (!cell) return budgetCell(key, null, null);
  // The rolled-up realisation decides the figures; a cell lists no realisation of its own, so none is passed.
  return budgetCell(key, cell.plan_kind, cell.line && toBudgetLine(cell.line, [], cell.rolledUp));
}

async function resolveRegionYear(key: { regionCode: string; year: number }, context: RegionalContext) {
  assertOwnRegion(key.regionCode, context);
  const cell = await context.loaders.regionYearCellByYear.load(parseYear(key.year));
  if (!cell) {
    return {
      __typename: 'RegionYear' as const,
      regionCode: key.regionCode,
      year: key.year,
      filled: true,
      kind: null,
      plan: null,
      totalBudget: null,
      pegawai: null,
      operasional: null,
      nonOperasional: null,
      headcount: null,
      staff: null,
      agenciesServed: null,
      workArea: null,
    };
  }
  const { plan, spending, totalHeadcount, workArea } = cell;
  const spendingOf = (type: string) => {
    const part = spending.find((row) => row.spending_type === type);
    return part ? toRupiah(part.amount) : null;
  };
  return {
    __typename: 'RegionYear' as const,
    regionCode: key.regionCode,
    year: key.year,
    filled: true,
    kind: plan.kind,
    plan: toWorkPlan(plan, context.region),
    totalBudget: plan.total_budget === null ? null : toRupiah(plan.total_budget),
    pegawai: spendingOf('PEGAWAI'),
    operasional: spendingOf('OPERASIONAL'),
    nonOperasional: spendingOf('NON_OPERASIONAL'),
    headcount: totalHeadcount,
    staff: { planId: plan.id },
    agenciesServed: workArea?.total_agencies ?? null,
    workArea: workArea ? toWorkArea(workArea) : null,
  };
}

export const resolvers = {
  BudgetCell: { __resolveReference: resolveBudgetCell },
  RegionYear: {
    __resolveReference: resolveRegionYear,
    // Only when asked: it reads the plan's budget tree, which staff comparisons do not need.
    async realisedBudget(cell: { plan: WorkPlan | null }, _args: unknown, context: RegionalContext) {
      return cell.plan ? latestRealisation(await totalRealisationOf(cell.plan, context)).amount : null;
    },
  },
};
