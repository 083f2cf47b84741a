/**
 * The bench's GraphQL operations and the varied variables each scenario cycles through. Every operation
 * is one text with variables (as a client such as the comparison page sends it), so that the gateway
 * plans it once, as it would in production, while no two consecutive requests ask the same question:
 * nothing de-duplicates or caches the answers except where a scenario says so (S4).
 */
import { readFileSync } from 'node:fs';
import { REGION_CODES, type RegionCode } from '../shared/regions/region-codes.ts';
import { SeededRandom } from '../ingest/synthetic/seeded-random.ts';

export const BENCH_YEARS = [2020, 2021, 2022, 2023, 2024, 2025];

export const INDICATOR_IDS = Array.from({ length: 14 }, (_, index) => `IKU-${String(index + 1).padStart(2, '0')}`);

/** The RO codes of the budget nomenclature (12 in RSPP-2021). */
export const RO_CODES: string[] = (() => {
  const nomenclature = JSON.parse(
    readFileSync(new URL('../subgraphs/national/reference-data/budget-nomenclature.json', import.meta.url), 'utf8'),
  ) as {
    versions: Array<{ items: Array<{ code: string; level: string }> }>;
  };
  return [
    ...new Set(
      nomenclature.versions.flatMap((version) =>
        version.items.filter((item) => item.level === 'RO').map((item) => item.code),
      ),
    ),
  ];
})();

/** A request body as the load tools send it. */
export interface GraphQLBody {
  query: string;
  operationName?: string;
  variables: Record<string, unknown>;
}

const PLAN_FIELDS = /* GraphQL */ `
fragment PlanFields on WorkPlan {
  regionCode year revision kind totalBudget
  spendingSplit { type amount }
  indicatorTargets {
    code name unit target realisation goalNumber indicator { id }
    targetProvenance { kind document location line printed }
    flags { code message }
  }
  budgetLines {
    code printedCode name level parentCode volume volumeUnit amount realisedAmount absorption
    provenance { kind document location line printed }
    flags { code message }
  }
}`;

/** S1 through the gateway: national resolves the region, the region's service its plan. */
export const REGION_PLAN_QUERY = `query RegionPlan($code: String!, $year: Int!) {
  region(code: $code) { code plan(year: $year) { ...PlanFields } }
}
${PLAN_FIELDS}`;

/** S1 through the gateway by the regional root field: the shard router sends it to the region, no national fetch. */
export const REGION_PLAN_ROOT_QUERY = `query RegionPlanRoot($code: String!, $year: Int!) {
  plan(region: $code, year: $year) { ...PlanFields }
}
${PLAN_FIELDS}`;

/** S1 straight to the region's service: the entity fetch the gateway itself sends. */
export const REGION_PLAN_DIRECT_QUERY = `query RegionPlanDirect($representations: [_Any!]!, $year: Int!) {
  _entities(representations: $representations) { ... on Region { code plan(year: $year) { ...PlanFields } } }
}
${PLAN_FIELDS}`;

const STATISTICS = '{ count min max mean median }';

export const COMPARE_INDICATOR_QUERY = `query CompareIndicator(
  $indicator: ID!, $regions: [String!], $years: [Int!], $kinds: [ProvenanceKind!]
) {
  compareIndicator(indicator: $indicator, regions: $regions, years: $years, kinds: $kinds) {
    id
    rows {
      region { code } year code kind target realisation achievement gapToTarget rank rankedAmong targetChange
      realisationChange linkedBudget costPerTargetPoint missing
    }
    summary {
      target ${STATISTICS} realisation ${STATISTICS} achievement ${STATISTICS}
      byYear { year target ${STATISTICS} realisation ${STATISTICS} achievement ${STATISTICS} }
      missing { region { code } year reason }
    }
  }
}`;

export const COMPARE_BUDGET_QUERY = `query CompareBudget($codes: [String!], $regions: [String!], $years: [Int!]) {
  compareBudget(level: RO, codes: $codes, regions: $regions, years: $years) {
    id
    rows {
      region { code } year code name kind amount realisedAmount absorption shareOfRegionTotal amountChange
      amountChangeRatio missing
    }
    spending {
      region { code } year kind totalBudget pegawai operasional nonOperasional pegawaiShare operasionalShare
      nonOperasionalShare totalChange missing
    }
    summary { totals { code year total amount ${STATISTICS} } missing { region { code } year code reason } }
  }
}`;

/** The ideal client's first step for S2: the grid's cell keys from national. */
export const INDICATOR_GRID_QUERY = `query IndicatorGrid(
  $indicator: ID!, $regions: [String!], $years: [Int!], $kinds: [ProvenanceKind!]
) {
  compareIndicator(indicator: $indicator, regions: $regions, years: $years, kinds: $kinds) {
    id cells { __typename indicatorId regionCode year }
  }
}`;

/** The ideal client's second step for S2: each region fills its cells (the fields rows and summary require). */
export const INDICATOR_CELLS_QUERY = `query IndicatorCells($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on IndicatorValue {
      indicatorId regionCode year filled code kind target realisation linkedBudget costPerTargetPoint
    }
  }
}`;

export const BUDGET_GRID_QUERY = `query BudgetGrid($codes: [String!], $regions: [String!], $years: [Int!]) {
  compareBudget(level: RO, codes: $codes, regions: $regions, years: $years) {
    id
    cells { __typename regionCode year code }
    totals { __typename regionCode year }
  }
}`;

export const BUDGET_CELLS_QUERY = `query BudgetCells($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on BudgetCell { regionCode year code filled kind name amount realisedAmount }
    ... on RegionYear { regionCode year filled kind totalBudget pegawai operasional nonOperasional }
  }
}`;

function shuffled<T>(items: T[], random: SeededRandom): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = random.int(0, index);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/** The six years in a few orders: ascending, descending and rotations (same cells, other request text). */
function yearOrders(): number[][] {
  const rotations = BENCH_YEARS.map((_, shift) => [...BENCH_YEARS.slice(shift), ...BENCH_YEARS.slice(0, shift)]);
  return [...rotations, [...BENCH_YEARS].reverse()];
}

/** All 14 regions, asked for in three ways: by default, in directory order, in reverse order. */
const REGION_ORDERS: Array<RegionCode[] | null> = [null, [...REGION_CODES], [...REGION_CODES].reverse()];

/** Every kind of data the bench loads (DOCUMENT and SYNTHETIC), asked for in three ways. */
const KIND_ORDERS: Array<string[] | null> = [null, ['DOCUMENT', 'SYNTHETIC'], ['SYNTHETIC', 'DOCUMENT']];

/** S1: one region-year each; every region and year, in a shuffled order. */
export function regionPlanVariables(
  regions: readonly RegionCode[] = REGION_CODES,
): Array<{ code: RegionCode; year: number }> {
  return shuffled(
    regions.flatMap((code) => BENCH_YEARS.map((year) => ({ code, year }))),
    new SeededRandom(1, `bench/S1/${regions.join(',')}`),
  );
}

export function regionPlanBody(variables: { code: string; year: number }): GraphQLBody {
  return { query: REGION_PLAN_QUERY, operationName: 'RegionPlan', variables };
}

export function regionPlanRootBody(variables: { code: string; year: number }): GraphQLBody {
  return { query: REGION_PLAN_ROOT_QUERY, operationName: 'RegionPlanRoot', variables };
}

export function regionPlanDirectBody(variables: { code: string; year: number }): GraphQLBody {
  return {
    query: REGION_PLAN_DIRECT_QUERY,
    operationName: 'RegionPlanDirect',
    variables: { representations: [{ __typename: 'Region', code: variables.code }], year: variables.year },
  };
}

/**
 * S2: 14 indicators × 7 year orders × 3 region orders × 3 kind orders = 882 questions, each 14 regions × 6 years.
 */
export function compareIndicatorVariables(): Array<Record<string, unknown>> {
  const all = INDICATOR_IDS.flatMap((indicator) =>
    yearOrders().flatMap((years) =>
      REGION_ORDERS.flatMap((regions) => KIND_ORDERS.map((kinds) => ({ indicator, years, regions, kinds }))),
    ),
  );
  return shuffled(all, new SeededRandom(1, 'bench/S2'));
}

/** S4: the same 14 questions (one per indicator) over and over, so that a response cache can answer them. */
export function repeatedCompareIndicatorVariables(): Array<Record<string, unknown>> {
  return INDICATOR_IDS.map((indicator) => ({ indicator, years: BENCH_YEARS, regions: null, kinds: null }));
}

/** S3: 400 subsets of 3 to 6 RO codes, each over all 14 regions and the six years in varying order. */
export function compareBudgetVariables(count = 400): Array<Record<string, unknown>> {
  const random = new SeededRandom(1, 'bench/S3');
  const orders = yearOrders();
  const seen = new Set<string>();
  const variables: Array<Record<string, unknown>> = [];
  while (variables.length < count) {
    const size = random.int(3, 6);
    const codes = shuffled(RO_CODES, random).slice(0, size);
    const years = random.pick(orders);
    const regions = random.pick(REGION_ORDERS);
    const key = JSON.stringify([codes, years, regions]);
    if (seen.has(key)) continue;
    seen.add(key);
    variables.push({ codes, years, regions });
  }
  return variables;
}

export const compareIndicatorBody = (variables: Record<string, unknown>): GraphQLBody => ({
  query: COMPARE_INDICATOR_QUERY,
  operationName: 'CompareIndicator',
  variables,
});
export const compareBudgetBody = (variables: Record<string, unknown>): GraphQLBody => ({
  query: COMPARE_BUDGET_QUERY,
  operationName: 'CompareBudget',
  variables,
});

/** S5: how many shards each run fans out to (the 14 offices, then synthetic shards after them). */
export const FAN_OUT_SHARD_COUNTS = [14, 50, 200] as const;

/**
 * S5 asks one year (its cells: that year and the previous one, for the change); only this year is generated for the
 * synthetic shards.
 */
export const FAN_OUT_YEAR = 2025;

/**
 * S5: compareIndicator over the given shards, S2-shaped: 14 indicators × 6 region orders (directory order,
 * reversed, and four rotations) × 3 kind lists = 252 questions, none repeated, each over every shard.
 */
export function fanOutVariables(shards: readonly string[]): Array<Record<string, unknown>> {
  const step = Math.max(1, Math.floor(shards.length / 5));
  const rotations = [1, 2, 3, 4].map((turn) => [...shards.slice(turn * step), ...shards.slice(0, turn * step)]);
  const orders = [[...shards], [...shards].reverse(), ...rotations];
  const all = INDICATOR_IDS.flatMap((indicator) =>
    orders.flatMap((regions) => KIND_ORDERS.map((kinds) => ({ indicator, years: [FAN_OUT_YEAR], regions, kinds }))),
  );
  return shuffled(all, new SeededRandom(1, `bench/S5/${shards.length}`));
}
