import { z } from 'zod';
import { MAX_INTEGER_COLUMN, MAX_MEASURE, MAX_TITLE_LENGTH } from './database-limits.ts';

/** The shape of a plan file (plan-file.types.ts in zod form); business rules live in validate-plan-file.ts. */
export const rupiah = z
  .number()
  .int('must be a whole number of Rupiah')
  .nonnegative('must not be negative')
  .refine(Number.isSafeInteger, 'is beyond the safe-integer range');
/** A figure stored in a NUMERIC column: an indicator's target or realisation, a volume. */
export const measure = z
  .number()
  .finite()
  .refine(
    (value) => Math.abs(value) <= MAX_MEASURE,
    `must be between -${MAX_MEASURE.toExponential()} and ${MAX_MEASURE.toExponential()} (no plan states a larger ` +
      'figure)',
  );
/** A count stored in an INTEGER column. */
const count = z
  .number()
  .int()
  .nonnegative()
  .max(MAX_INTEGER_COLUMN, `must be at most ${MAX_INTEGER_COLUMN} (an INTEGER column)`);
export const document = z.strictObject({
  file: z.string().min(1),
  title: z.string().min(1).max(MAX_TITLE_LENGTH, `must be at most ${MAX_TITLE_LENGTH} characters`),
});
export const provenanceKind = z.enum(['DOCUMENT', 'DERIVED', 'MANUAL', 'SYNTHETIC']);

export const source = z.strictObject({
  line: z.number().int().positive().optional(),
  location: z.string().min(1),
  printed: z.string().optional(),
  kind: provenanceKind.optional(),
});

export const flag = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be SCREAMING_SNAKE_CASE'),
  message: z.string().min(1),
});

const indicatorTarget = z.strictObject({
  code: z.string().min(1),
  name: z.string().min(1),
  unit: z.string().min(1),
  nationalIndicatorId: z.string().min(1),
  goalNumber: z.string().nullable(),
  target: measure.nullable(),
  targetSource: source.nullable(),
  realisation: measure.nullable(),
  realisationSource: source.nullable(),
  revisedFrom: z.strictObject({ target: measure, reason: z.string().min(1), source }).nullable(),
  flags: z.array(flag),
});

const budgetLine = z.strictObject({
  code: z.string().min(1),
  printedCode: z.string().min(1),
  name: z.string().min(1),
  level: z.enum(['PROGRAM', 'KEGIATAN', 'KRO', 'RO', 'KOMPONEN', 'SUB_KOMPONEN']),
  parent: z.string().nullable(),
  volume: measure.refine((value) => value >= 0, 'must not be negative').nullable(),
  volumeUnit: z.string().nullable(),
  amount: rupiah,
  source,
  flags: z.array(flag),
});

const agencyKind = z.enum(['PROVINCIAL_GOVERNMENT', 'REGENCY_CITY_GOVERNMENT', 'VERTICAL_AGENCY']);

const workArea = z.strictObject({
  provinces: z.array(z.strictObject({ name: z.string().min(1), source })),
  agencies: z.array(z.strictObject({ kind: agencyKind, count, source })),
  totalAgencies: z.strictObject({ count, scope: z.string().min(1), source }).nullable(),
  flags: z.array(flag),
});

const asset = z.strictObject({
  category: z.enum(['BUILDING', 'VEHICLE']),
  name: z.string().min(1),
  count,
  unit: z.string().min(1).nullable(),
  placedAt: z.string().min(1).nullable(),
  partOf: z.string().min(1).nullable(),
  source,
  flags: z.array(flag),
});

const activityTarget = z.strictObject({
  activity: z.string().min(1),
  name: z.string().min(1),
  target: measure,
  unit: z.string().min(1),
  budgetCode: z.string().min(1).nullable(),
  source,
  flags: z.array(flag),
});

export const planFileSchema = z.strictObject({
  format: z.literal('bkn-plan/1'),
  region: z.string(),
  year: z.number().int(),
  kind: provenanceKind,
  document,
  flags: z.array(flag),
  totalBudget: z.strictObject({ amount: rupiah, source }).nullable(),
  spendingSplit: z.array(
    z.strictObject({ type: z.enum(['PEGAWAI', 'OPERASIONAL', 'NON_OPERASIONAL']), amount: rupiah, source }),
  ),
  strategicGoals: z.array(
    z.strictObject({
      number: z.string().min(1),
      name: z.string().min(1),
      perspective: z.enum(['STAKEHOLDER', 'CUSTOMER', 'INTERNAL_PROCESS', 'LEARNING_AND_GROWTH']),
      source,
    }),
  ),
  indicatorTargets: z.array(indicatorTarget),
  budgetLines: z.array(budgetLine),
  budgetAllocations: z.array(
    z.strictObject({
      amount: rupiah,
      indicatorCodes: z.array(z.string()).min(1),
      description: z.string(),
      source,
      flags: z.array(flag),
    }),
  ),
  staff: z.strictObject({
    headcounts: z.array(
      z.strictObject({
        asOf: z.iso.date(),
        dimension: z.enum(['TOTAL', 'POSITION', 'RANK_GRADE', 'RELIGION', 'GENDER', 'EDUCATION', 'AGE_BAND']),
        category: z.string().nullable(),
        count,
        source,
      }),
    ),
    movements: z.array(
      z.strictObject({
        period: z.string().min(1),
        type: z.enum(['RETIRED', 'TRANSFERRED_IN', 'TRANSFERRED_OUT', 'DIED']),
        count,
        counterpart: z.string().nullable(),
        source,
      }),
    ),
  }),
  organisationUnits: z.array(
    z.strictObject({ name: z.string().min(1), unitType: z.string().min(1), parent: z.string().nullable(), source }),
  ),
  // Optional, so that files written before they existed stay valid: absent means the document states none.
  workArea: workArea.nullable().optional(),
  assets: z.array(asset).optional(),
  activityTargets: z.array(activityTarget).optional(),
});
