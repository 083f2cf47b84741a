import { readFileSync } from 'node:fs';
import { badUserInput } from '../../../shared/errors/error-codes.ts';
import type { NationalContext } from '../context.ts';
import type { BudgetNomenclatureItemRow } from '../database/national-database.types.ts';
import { versionOf } from './budget-nomenclature.queries.ts';
import { decodeComparisonId, encodeComparisonId } from './comparison-id.ts';
import { readGridQuestion, yearsWithPrevious, type GridQuestion } from './comparison-grid.ts';
import { describe, tidy } from './comparison-statistics.ts';

export const typeDefs = readFileSync(new URL('./budget-comparison.graphql', import.meta.url), 'utf8');

const COMPARABLE_LEVELS = ['PROGRAM', 'KEGIATAN', 'KRO', 'RO'];

interface BudgetQuestion extends GridQuestion {
  level: string;
  codes: string[];
}

interface RequiredBudgetCell {
  filled?: boolean | null;
  kind?: string | null;
  name?: string | null;
  amount?: number | null;
  realisedAmount?: number | null;
  realisationMissing?: string | null;
}

interface RequiredTotal {
  filled?: boolean | null;
  kind?: string | null;
  totalBudget?: number | null;
  pegawai?: number | null;
  operasional?: number | null;
  nonOperasional?: number | null;
  agenciesServed?: number | null;
  realisedBudget?: number | null;
}

interface Comparison {
  id: string;
  question: BudgetQuestion;
  cells?: Array<RequiredBudgetCell | null>;
  totals?: Array<RequiredTotal | null>;
}

type MissingReason = 'REGION_UNAVAILABLE' | 'NO_PLAN' | 'EXCLUDED_KIND' | 'NO_VALUE' | 'NOT_IN_NOMENCLATURE';

/** The layouts both sides of @requires agree on, from the question and the nomenclature. */
async function layOut(question: BudgetQuestion, context: NationalContext) {
  const items = await context.loaders.nomenclatureByLevel.load(question.level);
  const years = yearsWithPrevious(question.years);
  const cells = question.regions.flatMap((regionCode) =>
    years.flatMap((year) =>
      question.codes.filter((code) => versionOf(items, code, year)).map((code) => ({ regionCode, year, code })),
    ),
  );
  const totals = question.regions.flatMap((regionCode) => years.map((year) => ({ regionCode, year })));
  return { items, cells, totals };
}

function planMissing(total: RequiredTotal | null | undefined, kinds: string[] | null): MissingReason | null {
  if (!total || total.filled !== true) return 'REGION_UNAVAILABLE';
  if (!total.kind) return 'NO_PLAN';
  if (kinds && !kinds.includes(total.kind)) return 'EXCLUDED_KIND';
  return null;
}

const ratio = (part: number | null | undefined, whole: number | null | undefined) =>
  part != null && whole ? tidy(part / whole) : null;

async function computeRows(comparison: Comparison, context: NationalContext) {
  const { question } = comparison;
  const { items, cells, totals } = await layOut(question, context);
  const cellAt = new Map(
    cells.map((place, index) => [`${place.regionCode}@${place.year}@${place.code}`, comparison.cells?.[index] ?? null]),
  );
  const totalAt = new Map(
    totals.map((place, index) => [`${place.regionCode}@${place.year}`, comparison.totals?.[index] ?? null]),
  );
  const amountOf = (regionCode: string, year: number, code: string) => {
    const total = totalAt.get(`${regionCode}@${year}`);
    return planMissing(total, question.kinds) === null
      ? (cellAt.get(`${regionCode}@${year}@${code}`)?.amount ?? null)
      : null;
  };
  return question.regions.flatMap((regionCode) =>
    question.years.flatMap((year) =>
      question.codes.map((code) => {
        const version = versionOf(items, code, year);
        const total = totalAt.get(`${regionCode}@${year}`) ?? null;
        const cell = cellAt.get(`${regionCode}@${year}@${code}`) ?? null;
        const missing: MissingReason | null = !version
          ? 'NOT_IN_NOMENCLATURE'
          : (planMissing(total, question.kinds) ?? (cell?.amount == null ? 'NO_VALUE' : null));
        const usable = missing === null ? cell : null;
        const amount = usable?.amount ?? null;
        // A change only within one nomenclature version: across versions the code is not the same thing.
        const previous =
          version && versionOf(items, code, year - 1) === version ? amountOf(regionCode, year - 1, code) : null;
        return {
          region: { code: regionCode },
          year,
          code,
          name: usable?.name ?? null,
          kind: total?.kind ?? null,
          amount,
          realisedAmount: usable?.realisedAmount ?? null,
          absorption: ratio(usable?.realisedAmount, amount),
          realisationMissing: usable?.realisationMissing ?? null,
          shareOfRegionTotal: ratio(amount, usable ? total?.totalBudget : null),
          amountChange: amount !== null && previous !== null ? amount - previous : null,
          amountChangeRatio: amount !== null && previous ? tidy((amount - previous) / previous) : null,
          missing,
        };
      }),
    ),
  );
}

/** Rupiah per agency served, whole Rupiah (an average, so rounding is no loss of a printed figure); null where unknown. */
function perAgency(amount: number | null, agencies: number | null | undefined): number | null {
  return amount === null || !agencies ? null : Math.round(amount / agencies);
}

async function computeSpending(comparison: Comparison, context: NationalContext) {
  const { question } = comparison;
  const { totals } = await layOut(question, context);
  const totalAt = new Map(
    totals.map((place, index) => [`${place.regionCode}@${place.year}`, comparison.totals?.[index] ?? null]),
  );
  return question.regions
    .flatMap((regionCode) =>
      question.years.map((year) => {
        const total = totalAt.get(`${regionCode}@${year}`) ?? null;
        const missing = planMissing(total, question.kinds) ?? (total?.totalBudget == null ? 'NO_VALUE' : null);
        const usable = missing === null ? total : null;
        const previous = totalAt.get(`${regionCode}@${year - 1}`);
        const previousTotal = planMissing(previous, question.kinds) === null ? (previous?.totalBudget ?? null) : null;
        const totalBudget = usable?.totalBudget ?? null;
        return {
          region: { code: regionCode },
          year,
          kind: total?.kind ?? null,
          totalBudget,
          pegawai: usable?.pegawai ?? null,
          operasional: usable?.operasional ?? null,
          nonOperasional: usable?.nonOperasional ?? null,
          pegawaiShare: ratio(usable?.pegawai, totalBudget),
          operasionalShare: ratio(usable?.operasional, totalBudget),
          nonOperasionalShare: ratio(usable?.nonOperasional, totalBudget),
          totalChange: totalBudget !== null && previousTotal !== null ? totalBudget - previousTotal : null,
          realisedBudget: usable?.realisedBudget ?? null,
          absorption: ratio(usable?.realisedBudget, totalBudget),
          agenciesServed: usable?.agenciesServed ?? null,
          budgetPerAgency: perAgency(totalBudget, usable?.agenciesServed),
          missing,
        };
      }),
    )
    .filter((row) => row.missing !== 'EXCLUDED_KIND');
}

async function computeSummary(comparison: Comparison, context: NationalContext) {
  const rows = await computeRows(comparison, context);
  const totals = comparison.question.codes.flatMap((code) =>
    comparison.question.years.map((year) => {
      const amounts = rows
        .filter((row) => row.code === code && row.year === year && row.amount !== null)
        .map((row) => row.amount!);
      return { code, year, total: amounts.reduce((sum, amount) => sum + amount, 0), amount: describe(amounts) };
    }),
  );
  return {
    totals,
    missing: rows
      .filter((row) => row.missing !== null)
      .map((row) => ({ region: row.region, year: row.year, code: row.code, reason: row.missing })),
  };
}

function toBudgetItem(row: BudgetNomenclatureItemRow) {
  return {
    code: row.code,
    level: row.level,
    name: row.name,
    nomenclature: row.version_id,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}

function comparisonFromId(id: string, reference: Partial<Comparison> = {}): Comparison {
  return {
    id,
    question: decodeComparisonId<BudgetQuestion>('budget', id),
    cells: reference.cells,
    totals: reference.totals,
  };
}

export const resolvers = {
  Query: {
    async budgetItems(_root: unknown, args: { level?: string | null }, context: NationalContext) {
      const levels = args.level ? [args.level] : COMPARABLE_LEVELS;
      const items = await Promise.all(levels.map((level) => context.loaders.nomenclatureByLevel.load(level)));
      return items.flat().map(toBudgetItem);
    },
    async compareBudget(
      _root: unknown,
      args: {
        level: string;
        codes?: string[] | null;
        regions?: string[] | null;
        years?: number[] | null;
        kinds?: string[] | null;
        provinces?: string[] | null;
      },
      context: NationalContext,
    ) {
      if (!COMPARABLE_LEVELS.includes(args.level)) {
        throw badUserInput(
          `Budgets compare at PROGRAM, KEGIATAN, KRO or RO level; ${args.level} codes are each region's own`,
          { argument: 'level', value: args.level },
        );
      }
      const items = await context.loaders.nomenclatureByLevel.load(args.level);
      const known = [...new Set(items.map((item) => item.code))];
      const unknown = (args.codes ?? []).filter((code) => !known.includes(code.trim()));
      if (unknown.length) {
        throw badUserInput(
          `Not ${args.level} codes of the budget nomenclature: ${unknown.map((code) => `"${code}"`).join(', ')}; known: ${known.join(', ')}`,
          { argument: 'codes', value: unknown },
        );
      }
      const question = await readGridQuestion(args, context);
      const codes = args.codes ? [...new Set(args.codes.map((code) => code.trim()))] : known;
      return comparisonFromId(encodeComparisonId('budget', { level: args.level, codes, ...question }));
    },
    async compareStaff(
      _root: unknown,
      args: {
        regions?: string[] | null;
        years?: number[] | null;
        kinds?: string[] | null;
        provinces?: string[] | null;
      },
      context: NationalContext,
    ) {
      const question = await readGridQuestion(args, context);
      const registry = await context.loaders.planRegistry.load('all');
      const kindOf = new Map(registry.map((row) => [`${row.region_code}@${row.year}`, row.kind]));
      return question.regions.flatMap((regionCode) =>
        question.years
          .filter((year) => !question.kinds || question.kinds.includes(kindOf.get(`${regionCode}@${year}`) ?? ''))
          .map((year) => ({ regionCode, year })),
      );
    },
  },
  BudgetComparison: {
    __resolveReference: (reference: Partial<Comparison> & { id: string }) => comparisonFromId(reference.id, reference),
    level: (comparison: Comparison) => comparison.question.level,
    async items(comparison: Comparison, _args: unknown, context: NationalContext) {
      const items = await context.loaders.nomenclatureByLevel.load(comparison.question.level);
      return items.filter((item) => comparison.question.codes.includes(item.code)).map(toBudgetItem);
    },
    regions: (comparison: Comparison) => comparison.question.regions.map((code) => ({ code })),
    years: (comparison: Comparison) => comparison.question.years,
    cells: async (comparison: Comparison, _args: unknown, context: NationalContext) =>
      (await layOut(comparison.question, context)).cells,
    totals: async (comparison: Comparison, _args: unknown, context: NationalContext) =>
      (await layOut(comparison.question, context)).totals,
    rows: async (comparison: Comparison, _args: unknown, context: NationalContext) =>
      (await computeRows(comparison, context)).filter((row) => row.missing !== 'EXCLUDED_KIND'),
    spending: (comparison: Comparison, _args: unknown, context: NationalContext) =>
      computeSpending(comparison, context),
    summary: (comparison: Comparison, _args: unknown, context: NationalContext) => computeSummary(comparison, context),
  },
  BudgetCell: {
    __resolveReference: (reference: { regionCode: string; year: number; code: string }) => reference,
  },
  RegionYear: {
    __resolveReference: (reference: { regionCode: string; year: number }) => reference,
    region: (cell: { regionCode: string }) => ({ code: cell.regionCode }),
  },
};
