import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import * as sharedTypes from '../../shared/graphql/shared-types.ts';
import * as budget from './budget/budget.resolvers.ts';
import * as comparisonCells from './comparisons/comparison-cells.resolvers.ts';
import * as indicators from './indicators/indicator-target.resolvers.ts';
import * as plans from './plans/plan.resolvers.ts';
import * as provenance from './provenance/provenance.resolvers.ts';
import * as staff from './staff/staff.resolvers.ts';
import * as workArea from './work-area/work-area.resolvers.ts';
import type { Resolvers } from './regional-schema.generated.ts';

/**
 * One feature of the regional subgraph: its SDL, and resolvers checked against the types generated from the
 * subgraph's SDL (`npm run codegen`): arguments, parents, results and the context.
 */
export interface RegionalFeature {
  typeDefs: string;
  resolvers: Resolvers;
}

/** The features of the regional subgraph; each brings its typeDefs and resolvers. */
export const regionalFeatures: RegionalFeature[] = [
  plans,
  sharedTypes,
  provenance,
  indicators,
  budget,
  staff,
  workArea,
  comparisonCells,
];

/** The subgraph SDL of one feature list, as composition reads it. */
export function regionalTypeDefs(): string {
  return regionalFeatures.map((feature) => feature.typeDefs).join('\n');
}

export function buildRegionalSchema(): GraphQLSchema {
  // The @link must stand in the first module: buildSubgraphSchema reads the federation version from it.
  return buildSubgraphSchema(
    regionalFeatures.map((feature) => ({ typeDefs: parse(feature.typeDefs), resolvers: feature.resolvers })),
  );
}
