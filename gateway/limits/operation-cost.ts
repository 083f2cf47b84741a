import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/**
 * What the gateway knows of the data without asking for it: how many regions a comparison lays out when it
 * names none, how many years "every year with a plan" is, how many codes a budget level has. Refreshed
 * from national (pricing-facts.ts); the fallbacks price generously until then.
 */
export interface PricingFacts {
  regions: number;
  planYears: number;
  indicators: number;
  /** Codes of the largest budget level (a comparison without `codes` lays out every code of its level). */
  budgetItems: number;
}

/** Before national has answered: the configured regions, and more years and codes than any plan set has. */
export const fallbackPricingFacts = (configuredRegions: number): PricingFacts => ({
  regions: Math.max(configuredRegions, 14),
  planYears: 10,
  indicators: 14,
  budgetItems: 20,
});

/** The grid a comparison lays out: the lists below it are sized by it. */
interface Grid {
  regions: number;
  years: number;
  items: number;
}

type Arguments = Record<string, unknown>;

/** A list field whose length depends on its arguments, on the grid above it, or on the data. */
type ListSize = (args: Arguments, facts: PricingFacts, grid: Grid) => number;

/** A field that lays out a new grid for the fields below it. */
type GridOf = (args: Arguments, facts: PricingFacts) => Grid;

const lengthOr = (value: unknown, fallback: number) => (Array.isArray(value) ? value.length : fallback);

const comparisonGrid =
  (itemsArgument?: string): GridOf =>
  (args, facts) => ({
    regions: lengthOr(args.regions, facts.regions),
    years: lengthOr(args.years, facts.planYears),
    items: itemsArgument ? lengthOr(args[itemsArgument], facts.budgetItems) : 1,
  });

/**
 * Fields that fan out to the regions: their grid comes from their arguments, defaults as the resolver takes them.
 * `provinces` only ever drops regions from the grid, so a comparison is priced as if it kept them all.
 */
const GRIDS: Readonly<Record<string, GridOf>> = {
  'Query.compareIndicator': comparisonGrid(),
  'Query.compareIndicators': comparisonGrid(),
  'Query.compareBudget': comparisonGrid('codes'),
  'Query.compareStaff': comparisonGrid(),
  'Query.compareWorkload': comparisonGrid(),
  'Indicator.values': comparisonGrid(),
};

const cellsOf: ListSize = (_args, _facts, grid) => grid.regions * grid.years * grid.items;
/** Each asked year brings its previous one too, for the change. */
const cellsWithPreviousYears: ListSize = (args, facts, grid) => 2 * cellsOf(args, facts, grid);

/**
 * The length a list field is priced at. Lists not named here are priced at DEFAULT_LIST_SIZE; the sizes of
 * a plan's own lists are generous upper bounds of what the documents hold.
 */
const LIST_SIZES: Readonly<Record<string, ListSize>> = {
  'Query.regions': (_args, facts) => facts.regions,
  'Query.indicators': (_args, facts) => facts.indicators,
  // Indonesia has 38 provinces; the directory names fewer. Each lists the offices serving it (usually one).
  'Query.provinces': () => 40,
  'Query.budgetItems': (_args, facts) => 6 * facts.budgetItems,
  'Query.compareStaff': cellsOf,
  // One comparison per indicator asked, each with the whole grid below it: the same price as one alias each.
  'Query.compareIndicators': (args, facts) => lengthOr(args.indicators, facts.indicators),
  'Indicator.values': cellsOf,
  'Indicator.localCodes': (_args, facts) => facts.regions * facts.planYears,
  'IndicatorComparison.cells': cellsWithPreviousYears,
  'IndicatorComparison.rows': cellsOf,
  'IndicatorComparison.regions': (_args, _facts, grid) => grid.regions,
  'IndicatorComparisonSummary.byYear': (_args, _facts, grid) => grid.years,
  'IndicatorComparisonSummary.missing': cellsOf,
  'BudgetComparison.cells': cellsWithPreviousYears,
  'BudgetComparison.rows': cellsOf,
  'BudgetComparison.items': (_args, _facts, grid) => grid.items,
  'BudgetComparison.regions': (_args, _facts, grid) => grid.regions,
  'BudgetComparison.totals': (_args, _facts, grid) => 2 * grid.regions * grid.years,
  'BudgetComparison.spending': (_args, _facts, grid) => grid.regions * grid.years,
  'BudgetComparisonSummary.totals': (_args, _facts, grid) => grid.items * grid.years,
  'BudgetComparisonSummary.missing': cellsOf,
  // One cell per region × year asked: the workload view computes no change, so no previous year is laid out.
  'WorkloadComparison.cells': cellsOf,
  'WorkloadComparison.rows': cellsOf,
  'WorkloadComparison.regions': (_args, _facts, grid) => grid.regions,
  'WorkloadComparisonRow.unknownInputs': () => 3,
  'Region.plans': (_args, facts) => facts.planYears,
  'WorkPlan.budgetLines': () => 200,
  'WorkPlan.budgetAllocations': () => 50,
  'WorkPlan.indicatorTargets': () => 30,
};

export const DEFAULT_LIST_SIZE = 10;

/** No arguments read: a field whose price does not depend on them. */
const NO_ARGUMENTS: Arguments = Object.freeze({});

function literalValueOf(node: ValueNode, variableValue: (name: string) => unknown): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variableValue(node.name.value);
    case Kind.LIST:
      return node.values.map((item) => literalValueOf(item, variableValue));
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    default:
      return undefined;
  }
}

/** An operation's price, and whether it holds for every request of the operation whatever its variables. */
export interface OperationPrice {
  cost: number;
  /** True when an argument the price depends on (a comparison's `regions`, `years`, `codes`) named a variable. */
  dependsOnVariables: boolean;
}

/**
 * The price of an operation: every object it can return counts 1, and a list counts its priced length, so
 * that nested lists multiply (`indicators { values { indicator { values … } } }`) and a comparison costs
 * the cells it lays out (regions × years × items), once per alias that repeats it. Scalars are free: the
 * work is in the objects, each of which is a row, a cell or a subgraph entity.
 */
export function priceOperation(options: {
  schema: GraphQLSchema;
  selectionSet: SelectionSetNode;
  rootType: GraphQLCompositeType;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Arguments;
  facts: PricingFacts;
}): OperationPrice {
  const { schema, fragments, variables, facts } = options;
  const noGrid: Grid = { regions: facts.regions, years: facts.planYears, items: 1 };
  let dependsOnVariables = false;
  const variableValue = (name: string) => {
    dependsOnVariables = true;
    return variables[name];
  };
  /** Argument values of a field, literals and variables alike (lists only need their length). */
  const argumentsOf = (node: FieldNode): Arguments => {
    const values: Arguments = {};
    for (const argument of node.arguments ?? [])
      values[argument.name.value] = literalValueOf(argument.value, variableValue);
    return values;
  };

  const priceSelections = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLCompositeType,
    multiplier: number,
    grid: Grid,
  ): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += priceField(selection.name.value, selection, parentType, multiplier, grid);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType)
          : parentType;
        total += priceSelections(selection.selectionSet, type ?? parentType, multiplier, grid);
      } else {
        // Validation has refused unknown fragments and fragment cycles before an operation is priced.
        const fragment = fragments.get(selection.name.value);
        if (fragment)
          total += priceSelections(
            fragment.selectionSet,
            (schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType) ?? parentType,
            multiplier,
            grid,
          );
      }
    }
    return total;
  };

  const priceField = (
    name: string,
    node: FieldNode,
    parentType: GraphQLCompositeType,
    multiplier: number,
    grid: Grid,
  ): number => {
    if (!('getFields' in parentType)) return 0;
    const field: GraphQLField<unknown, unknown> | undefined = parentType.getFields()[name];
    if (!field || !node.selectionSet) return 0;
    const coordinate = `${parentType.name}.${name}`;
    const gridOf = GRIDS[coordinate];
    const listSize = isListType(getNullableType(field.type))
      ? (LIST_SIZES[coordinate] ?? (() => DEFAULT_LIST_SIZE))
      : undefined;
    // Only arguments a price is read from are evaluated: `plan(region: $code, year: $year)` depends on no variable.
    const args = gridOf || LIST_SIZES[coordinate] ? argumentsOf(node) : NO_ARGUMENTS;
    const fieldGrid = gridOf?.(args, facts) ?? grid;
    const size = listSize ? listSize(args, facts, fieldGrid) : 1;
    const instances = multiplier * size;
    const childType = getNamedType(field.type);
    if (!isCompositeType(childType)) return 0;
    return instances + priceSelections(node.selectionSet, childType, instances, fieldGrid);
  };

  const cost = priceSelections(options.selectionSet, options.rootType, 1, noGrid);
  return { cost, dependsOnVariables };
}
