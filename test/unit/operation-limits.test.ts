import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import {
  Kind,
  parse,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import * as comparePageOperations from '../../gateway/compare-page/browser/compare-page-operations.generated.ts';
import { IDE_EXAMPLE_QUERIES } from '../../gateway/graphiql/graphiql-page.ts';
import type { PricingFacts } from '../../gateway/limits/operation-cost.ts';
import {
  admitOperation,
  countTokens,
  DEFAULT_OPERATION_LIMITS,
  isTokenLimitError,
  type OperationLimits,
} from '../../gateway/limits/operation-limits.ts';
import { pricingFactsOf } from '../../gateway/limits/pricing-facts.ts';
import {
  COMPARE_BUDGET_QUERY,
  COMPARE_INDICATOR_QUERY,
  REGION_PLAN_QUERY,
  REGION_PLAN_ROOT_QUERY,
} from '../../bench/bench-queries.ts';

const apiSchema: GraphQLSchema = Supergraph.build(readFileSync('supergraph.graphql', 'utf8'))
  .apiSchema()
  .toGraphQLJSSchema();

/** The demo data: 14 regions, 2020–2025, 14 indicators; the largest budget level of the nomenclature. */
const nomenclature = JSON.parse(readFileSync('subgraphs/national/reference-data/budget-nomenclature.json', 'utf8')) as
  | { versions: Array<{ items: Array<{ level: string }> }> }
  | Array<{ level: string }>;
const budgetItems = (
  Array.isArray(nomenclature) ? nomenclature : nomenclature.versions.flatMap((version) => version.items)
).map((item) => ({ level: item.level }));
const DEMO_FACTS: PricingFacts = pricingFactsOf({
  regions: Array.from({ length: 14 }, () => ({ planYears: [2020, 2021, 2022, 2023, 2024, 2025] })),
  indicators: Array.from({ length: 14 }, (_, index) => ({ id: index })),
  budgetItems,
});

function admit(
  query: string,
  variables: Record<string, unknown> = {},
  limits: OperationLimits = DEFAULT_OPERATION_LIMITS,
  facts = DEMO_FACTS,
): number {
  const document: DocumentNode = parse(query);
  const errors = validate(apiSchema, document);
  if (errors.length) throw new Error(`invalid test query: ${errors[0]!.message}`);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  )!;
  return admitOperation({ schema: apiSchema, document, operation, variables, limits, facts });
}

function refusal(query: string, variables: Record<string, unknown> = {}): Record<string, unknown> {
  try {
    admit(query, variables);
  } catch (error) {
    return (error as GraphQLError).extensions;
  }
  throw new Error('the operation was admitted');
}

const readmeQueries = [...readFileSync('README.md', 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map(
  (match) => match[1]!,
);
// Every operation the comparison page sends, as codegen wrote them from compare-page-operations.graphql.
const comparePageQueries = Object.entries(comparePageOperations)
  .filter(([name]) => name.endsWith('Document'))
  .map(([, operation]) => String(operation));

describe('operation limits with their defaults', () => {
  it('admit every README, IDE and comparison page example, and the benchmark queries', () => {
    const examples = [
      ...readmeQueries,
      ...IDE_EXAMPLE_QUERIES,
      ...comparePageQueries,
      REGION_PLAN_QUERY,
      REGION_PLAN_ROOT_QUERY,
      COMPARE_INDICATOR_QUERY,
      COMPARE_BUDGET_QUERY,
    ];
    expect(readmeQueries.length).toBeGreaterThanOrEqual(3);
    expect(comparePageQueries.length).toBeGreaterThanOrEqual(6);
    for (const query of examples)
      expect(() => admit(query, { indicator: 'IKU-09', level: 'RO', code: 'VI', year: 2021 })).not.toThrow();
  });

  it('admit comparisons over all 14 regions and every year, at every budget level, even with ten years of plans', () => {
    const tenYears = { ...DEMO_FACTS, planYears: 10 };
    expect(admit(COMPARE_INDICATOR_QUERY, { indicator: 'IKU-09' }, DEFAULT_OPERATION_LIMITS, tenYears)).toBeLessThan(
      DEFAULT_OPERATION_LIMITS.cost,
    );
    expect(admit(COMPARE_BUDGET_QUERY, {}, DEFAULT_OPERATION_LIMITS, tenYears)).toBeLessThan(
      DEFAULT_OPERATION_LIMITS.cost,
    );
  });

  it('admit the whole indicator export: fourteen aliased comparisons in one operation', () => {
    const comparisons = Array.from(
      { length: 14 },
      (_, index) =>
        `i${index}: compareIndicator(indicator: "IKU-${String(index + 1).padStart(2, '0')}") ` +
        '{ indicator { id name unit } rows { region { code name } year target realisation missing } }',
    );
    expect(admit(`{ ${comparisons.join('\n')} }`)).toBeGreaterThan(14 * 84);
  });
});

describe('the price of an operation', () => {
  it('grows with the cells a comparison lays out: regions × years, defaults as the resolver takes them', () => {
    const two = admit(
      '{ compareIndicator(indicator: "IKU-09", regions: ["VI", "XII"], years: [2024]) { rows { target } } }',
    );
    const all = admit('{ compareIndicator(indicator: "IKU-09") { rows { target } } }');
    expect(two).toBe(1 + 2 * 1);
    expect(all).toBe(1 + 14 * 6);
  });

  it('multiplies through nested lists and repeats per alias', () => {
    const once = admit('{ indicators { values { target } } }');
    expect(once).toBe(14 + 14 * 14 * 6);
    const twice = admit('{ a: indicators { values { target } } b: indicators { values { target } } }');
    expect(twice).toBe(2 * once);
    const variables = admit('query($regions: [String!]) { indicators { values(regions: $regions) { target } } }', {
      regions: ['VI'],
    });
    expect(variables).toBe(14 + 14 * 1 * 6);
  });

  /** One parsed operation admitted again and again, as Apollo's document store hands it to every request. */
  const admitAgain = (query: string) => {
    const document = parse(query);
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    )!;
    return (variables: Record<string, unknown>, facts = DEMO_FACTS) =>
      admitOperation({ schema: apiSchema, document, operation, variables, limits: DEFAULT_OPERATION_LIMITS, facts });
  };

  it('prices the same operation anew when a variable its price depends on changes', () => {
    const admitComparison = admitAgain(
      'query($regions: [String!], $years: [Int!]) { compareIndicator(indicator: "IKU-09", regions: $regions, years: $years) { rows { target } } }',
    );
    expect(admitComparison({ regions: ['VI'], years: [2024] })).toBe(1 + 1);
    expect(admitComparison({ regions: ['VI', 'XII'], years: [2023, 2024] })).toBe(1 + 4);
    expect(admitComparison({})).toBe(1 + 14 * 6);
    const years = Array.from({ length: 100 }, (_, index) => 2000 + index);
    expect(() => admitComparison({ regions: Array.from({ length: 1000 }, () => 'VI'), years })).toThrow(/cost/);
    expect(admitComparison({ regions: ['VI'], years: [2024] })).toBe(1 + 1);
  });

  it('keeps a price no variable enters, and prices again with new facts', () => {
    const admitPlan = admitAgain(REGION_PLAN_ROOT_QUERY);
    const price = admitPlan({ code: 'VI', year: 2021 });
    expect(admitPlan({ code: 'XII', year: 2024 })).toBe(price);
    const admitAll = admitAgain('{ compareIndicator(indicator: "IKU-09") { rows { target } } }');
    expect(admitAll({})).toBe(1 + 14 * 6);
    expect(admitAll({}, { ...DEMO_FACTS, regions: 20, planYears: 10 })).toBe(1 + 20 * 10);
    expect(admitAll({})).toBe(1 + 14 * 6);
  });
});

describe('the attacks of issue 9 are refused before anything runs', () => {
  it('refuses 500 aliases of compareIndicator by the alias limit', () => {
    const aliases = Array.from(
      { length: 500 },
      (_, index) => `a${index}: compareIndicator(indicator: "IKU-09") { rows { target } }`,
    );
    const bomb = `{ ${aliases.join(' ')} }`;
    expect(refusal(bomb)).toMatchObject({
      code: 'OPERATION_LIMIT_EXCEEDED',
      limit: 'aliases',
      value: 500,
      max: DEFAULT_OPERATION_LIMITS.aliases,
    });
  });

  it('refuses the three-level nesting of values by its cost', () => {
    const extensions = refusal(
      '{ indicators { values { indicator { values { indicator { values { target } } } } } } }',
    );
    expect(extensions).toMatchObject({
      code: 'OPERATION_LIMIT_EXCEEDED',
      limit: 'cost',
      max: DEFAULT_OPERATION_LIMITS.cost,
    });
    expect(extensions.value).toBe(14 + 14 * 84 * 2 + 14 * 84 * 84 * 2 + 14 * 84 * 84 * 84);
  });

  it('refuses a 400-level nesting by its depth', () => {
    const nesting = `{ indicators { ${'values { indicator { '.repeat(200)}id${' } }'.repeat(200)} } }`;
    expect(refusal(nesting)).toMatchObject({
      code: 'OPERATION_LIMIT_EXCEEDED',
      limit: 'depth',
      value: 402,
      max: DEFAULT_OPERATION_LIMITS.depth,
    });
  });

  it('refuses too many root fields and too many directives', () => {
    const roots = `{ ${Array.from({ length: 21 }, (_, index) => `r${index}: dataVersion`).join(' ')} }`;
    expect(refusal(roots)).toMatchObject({ limit: expect.stringMatching(/aliases|rootFields/) });
    const withoutAliases = `{ dataVersion ${Array.from({ length: 25 }, () => 'regions { code }').join(' ')} }`;
    expect(refusal(withoutAliases)).toMatchObject({
      limit: 'rootFields',
      value: 26,
      max: DEFAULT_OPERATION_LIMITS.rootFields,
    });
    const directives = `{ regions { ${'code @include(if: true) '.repeat(21)} } }`;
    expect(refusal(directives)).toMatchObject({ limit: 'directives', value: 21 });
  });

  it('refuses a long list argument by the cells it would lay out', () => {
    const regions = Array.from({ length: 10_000 }, () => 'VI');
    expect(
      refusal(
        'query($regions: [String!]) { compareIndicator(indicator: "IKU-09", regions: $regions) { rows { target } } }',
        { regions },
      ),
    ).toMatchObject({ limit: 'cost' });
  });

  it('stops parsing at the token limit, and counts the tokens for the error', () => {
    const query = `{ ${Array.from({ length: 1_500 }, () => 'regions { code }').join(' ')} }`;
    let message = '';
    try {
      parse(query, { maxTokens: DEFAULT_OPERATION_LIMITS.tokens });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(isTokenLimitError(message)).toBe(true);
    expect(countTokens(query)).toBe(2 + 1_500 * 4);
  });
});
