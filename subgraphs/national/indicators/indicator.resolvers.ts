import { readFileSync } from 'node:fs';
import { parseYear } from '../../../shared/regions/region-codes.ts';
import { findRegion } from '../regions/region.resolvers.ts';
import type { NationalContext } from '../context.ts';
import type { IndicatorRow } from '../database/national-database.types.ts';
import { findAllIndicators } from './indicator.queries.ts';

export const typeDefs = readFileSync(new URL('./indicator.graphql', import.meta.url), 'utf8');

function toIndicator(row: IndicatorRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    perspective: row.perspective,
    unit: row.unit,
    higherIsBetter: row.higher_is_better,
  };
}

type Indicator = ReturnType<typeof toIndicator>;
type IndicatorStub = Partial<Indicator> & { id: string };

/** National hands out { id } stubs inside comparisons; each catalogue field loads from the id then. */
async function catalogueField<Field extends keyof Indicator>(
  indicator: IndicatorStub,
  field: Field,
  context: NationalContext,
): Promise<Indicator[Field] | null> {
  if (indicator[field] !== undefined) return indicator[field] as Indicator[Field];
  const row = await context.loaders.indicatorById.load(indicator.id);
  return row ? toIndicator(row)[field] : null;
}

async function findIndicator(id: string, context: NationalContext) {
  const row = await context.loaders.indicatorById.load(id);
  return row ? toIndicator(row) : null;
}

/**
 * Validates every value before laying out anything, so that one bad value fails the field whole. Region-major order.
 */
type GridArgs = { years?: number[] | null; regions?: string[] | null; kinds?: string[] | null };

async function layOutGrid(indicatorId: string, args: GridArgs, context: NationalContext) {
  const regions = args.regions
    ? [...new Set(args.regions.map((code) => context.regions.parse(code)))]
    : [...context.regions.codes];
  const registry = await context.loaders.planRegistry.load('all');
  const years = args.years ? [...new Set(args.years.map(parseYear))] : [...new Set(registry.map((row) => row.year))];
  // Asked regions and years keep the order asked; defaults are in directory and calendar order.
  if (!args.years) years.sort((a, b) => a - b);
  const kindOf = new Map(registry.map((row) => [`${row.region_code}@${row.year}`, row.kind]));
  const wanted = (regionCode: string, year: number) =>
    !args.kinds || args.kinds.includes(kindOf.get(`${regionCode}@${year}`) ?? '');
  return regions.flatMap((regionCode) =>
    years.filter((year) => wanted(regionCode, year)).map((year) => ({ indicatorId, regionCode, year })),
  );
}

export const resolvers = {
  Query: {
    indicators: async (_root: unknown, _args: unknown, context: NationalContext) =>
      (await findAllIndicators(context.db)).map(toIndicator),
    indicator: (_root: unknown, args: { id: string }, context: NationalContext) => findIndicator(args.id, context),
  },
  Indicator: {
    __resolveReference: (reference: { id: string }, context: NationalContext) => findIndicator(reference.id, context),
    name: (indicator: IndicatorStub, _args: unknown, context: NationalContext) =>
      catalogueField(indicator, 'name', context),
    description: (indicator: IndicatorStub, _args: unknown, context: NationalContext) =>
      catalogueField(indicator, 'description', context),
    perspective: (indicator: IndicatorStub, _args: unknown, context: NationalContext) =>
      catalogueField(indicator, 'perspective', context),
    unit: (indicator: IndicatorStub, _args: unknown, context: NationalContext) =>
      catalogueField(indicator, 'unit', context),
    higherIsBetter: (indicator: IndicatorStub, _args: unknown, context: NationalContext) =>
      catalogueField(indicator, 'higherIsBetter', context),
    async localCodes(indicator: { id: string }, _args: unknown, context: NationalContext) {
      const rows = await context.loaders.indicatorCodesByIndicatorId.load(indicator.id);
      return rows.map((row) => ({ regionCode: row.region_code, year: row.year, code: row.local_code }));
    },
    values: (indicator: { id: string }, args: GridArgs, context: NationalContext) =>
      layOutGrid(indicator.id, args, context),
  },
  IndicatorValue: {
    __resolveReference: (reference: { indicatorId: string; regionCode: string; year: number }) => reference,
    // National owns Region: it answers the whole region here, not a stub for the gateway to resolve.
    region: (cell: { regionCode: string }, _args: unknown, context: NationalContext) =>
      findRegion(cell.regionCode, context),
    indicator: (cell: { indicatorId: string }, _args: unknown, context: NationalContext) =>
      findIndicator(cell.indicatorId, context),
  },
  LocalIndicatorCode: {
    region: (localCode: { regionCode: string }, _args: unknown, context: NationalContext) =>
      findRegion(localCode.regionCode, context),
  },
};
