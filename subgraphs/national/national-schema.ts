import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse, type GraphQLSchema } from 'graphql';
import * as sharedTypes from '../../shared/graphql/shared-types.ts';
import * as budgetComparisons from './comparisons/budget-comparison.resolvers.ts';
import * as budgetNomenclature from './comparisons/budget-nomenclature.resolvers.ts';
import * as dataVersion from './data-version/data-version.resolvers.ts';
import * as indicatorComparisons from './comparisons/indicator-comparison.resolvers.ts';
import * as indicatorComparisonSets from './comparisons/indicator-comparisons.resolvers.ts';
import * as staffComparisons from './comparisons/staff-comparison.resolvers.ts';
import * as workloadComparisons from './comparisons/workload-comparison.resolvers.ts';
import * as indicators from './indicators/indicator.resolvers.ts';
import * as regions from './regions/region.resolvers.ts';
import type { NationalContext } from './context.ts';

/**
 * One feature of the national subgraph: its SDL and its resolvers, which receive the NationalContext. Not yet
 * held to the generated Resolvers (national-schema.generated.ts) as the regional ones are: national resolvers
 * return models its field resolvers complete (`{ code }` region stubs, cells a region may leave null, enums
 * as plain strings), which the generated types would need mappers for.
 */
export interface NationalFeature {
  typeDefs: string;
  resolvers: GraphQLResolverMap<NationalContext>;
}

/** The features of the national subgraph; the first carries the federation @link. */
export const nationalFeatures: NationalFeature[] = [
  regions,
  sharedTypes,
  indicators,
  indicatorComparisons,
  indicatorComparisonSets,
  // In this order, Query's fields read compareBudget, compareStaff, compareWorkload, budgetItems (the supergraph
  // keeps it).
  budgetComparisons,
  staffComparisons,
  workloadComparisons,
  budgetNomenclature,
  dataVersion,
];

export function nationalTypeDefs(): string {
  return nationalFeatures.map((feature) => feature.typeDefs).join('\n');
}

export function buildNationalSchema(): GraphQLSchema {
  return buildSubgraphSchema(
    nationalFeatures.map((feature) => ({ typeDefs: parse(feature.typeDefs), resolvers: feature.resolvers })),
  );
}
