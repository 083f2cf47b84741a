import { column } from './export-column.ts';
import { CODES, KINDS, LEVEL, PROVINCES, REGIONS, YEARS } from './export-parameters.ts';
import { ExportRequestError } from './export-request-error.ts';
import type { ProvenanceEntry } from './export-table.ts';
import { defineExportView } from './export-view.ts';
import { PROVENANCE_FRAGMENT, provenanceEntry, regionYearsOf, type Provenance } from './figure-provenance.ts';
import { dataOrFailure } from './graphql-result-problems.ts';

interface BudgetItem {
  code: string;
  name: string;
  nomenclature: string;
  validFrom: number;
  validTo: number | null;
}

interface BudgetComparisonRow {
  region: { code: string; name: string };
  year: number;
  code: string;
  name: string | null;
  kind: string | null;
  amount: number | null;
  realisedAmount: number | null;
  absorption: number | null;
  shareOfRegionTotal: number | null;
  amountChange: number | null;
  amountChangeRatio: number | null;
  missing: string | null;
}

interface BudgetExportRow extends BudgetComparisonRow {
  level: string;
  /**
   * The nomenclature item the code means in the row's year; absent when the code is not in that year's nomenclature.
   */
  item: BudgetItem | undefined;
}

const PARAMETERS = [LEVEL, CODES, REGIONS, YEARS, KINDS, PROVINCES];

/** Every level, from the top: the order of the file when no level is asked. */
export const BUDGET_LEVELS = ['PROGRAM', 'KEGIATAN', 'KRO', 'RO'] as const;

interface BudgetCell {
  regionCode: string;
  year: number;
  code: string;
  provenance: Provenance | null;
}

interface BudgetComparison {
  level: string;
  items: BudgetItem[];
  rows: BudgetComparisonRow[];
  cells?: Array<BudgetCell | null>;
}

/** One compareBudget per level asked, aliased by position; the level is a literal, so it needs no variable. */
function budgetComparisonsQuery(levels: readonly string[]): string {
  const comparisons = levels
    .map(
      (level, index) =>
        `level${index}: compareBudget(level: ${level}, codes: $codes, regions: $regions, years: $years, ` +
        'kinds: $kinds, provinces: $provinces) { ...BudgetExport }',
    )
    .join('\n  ');
  return `query ExportBudget(
  $codes: [String!], $regions: [String!], $years: [Int!], $kinds: [ProvenanceKind!], $provinces: [String!],
  $withProvenance: Boolean!
) {
  ${comparisons}
}
fragment BudgetExport on BudgetComparison {
  level
  items { code name nomenclature validFrom validTo }
  rows {
    region { code name } year code name kind amount realisedAmount absorption shareOfRegionTotal amountChange
    amountChangeRatio missing
  }
  cells @include(if: $withProvenance) { regionCode year code provenance { ...Source } }
}
${PROVENANCE_FRAGMENT}`;
}

/** The level asked, or every level. Checked here: it goes into the query text as an enum literal, not as a variable. */
function levelsOf(variables: Record<string, unknown>): readonly string[] {
  const level = variables.level as string | undefined;
  if (level === undefined) {
    if (variables.codes)
      throw new ExportRequestError(
        400,
        'Bad parameter "codes": budget codes belong to one level; give level too, e.g. level=RO&codes=4843.EAA.003',
      );
    return BUDGET_LEVELS;
  }
  if (!(BUDGET_LEVELS as readonly string[]).includes(level))
    throw new ExportRequestError(
      400,
      `Bad parameter "level": expected one of ${BUDGET_LEVELS.join(', ')}; got "${level}"`,
    );
  return [level];
}

function provenanceOf(comparison: BudgetComparison): ProvenanceEntry[] {
  const inRows = regionYearsOf(comparison.rows.map((row) => ({ regionCode: row.region.code, year: row.year })));
  return (comparison.cells ?? [])
    .filter((cell): cell is BudgetCell => cell !== null && inRows.has(`${cell.regionCode}@${cell.year}`))
    .map((cell) => provenanceEntry(cell, cell.code, 'amount', cell.provenance))
    .filter((entry) => entry !== null);
}

/** A code can be in several nomenclature versions; the row's year picks the one in force. */
function itemInForce(items: BudgetItem[], code: string, year: number): BudgetItem | undefined {
  return items.find(
    (item) => item.code === code && item.validFrom <= year && (item.validTo === null || year <= item.validTo),
  );
}

export const budgetExport = defineExportView<BudgetExportRow>({
  name: 'budget',
  title: 'Perbandingan anggaran (budget comparison)',
  grain:
    'one row per level × region × year × budget code (levels from PROGRAM down to RO, then region-major, ' +
    'then years, then codes in the order asked)',
  parameters: PARAMETERS,
  columns: [
    column('region_code', 'text', 'Kode wilayah (region code), I … XIV', (row) => row.region.code),
    column('region_name', 'text', 'Nama kantor (office name)', (row) => row.region.name),
    column('year', 'integer', 'Tahun anggaran (fiscal year)', (row) => row.year),
    column('level', 'text', 'Tingkat anggaran (budget level): PROGRAM, KEGIATAN, KRO or RO', (row) => row.level),
    column('code', 'text', 'Kode anggaran (budget code), e.g. 088.01.WA, 4843.EAA.003', (row) => row.code),
    column(
      'item_name',
      'text',
      'Nama baku (the nomenclature’s name of the code in that year)',
      (row) => row.item?.name,
    ),
    column(
      'nomenclature',
      'text',
      'Versi nomenklatur (nomenclature version in force that year), e.g. RSPP-2021',
      (row) => row.item?.nomenclature,
    ),
    column('printed_name', 'text', 'Uraian (the name as the region’s plan prints it)', (row) => row.name),
    column(
      'kind',
      'text',
      'Jenis sumber (provenance kind) of the region-year’s plan: DOCUMENT or SYNTHETIC; empty without a plan',
      (row) => row.kind,
    ),
    column('amount_rupiah', 'rupiah', 'Pagu (budget ceiling), whole Rupiah', (row) => row.amount),
    column(
      'realised_rupiah',
      'rupiah',
      'Realisasi anggaran (absorbed amount, latest period imported), whole Rupiah',
      (row) => row.realisedAmount,
    ),
    column('absorption', 'decimal', 'Penyerapan (absorption): realised ÷ amount, 0–1', (row) => row.absorption),
    column(
      'share_of_region_total',
      'decimal',
      'Porsi dari total (share of the region’s total budget that year), 0–1',
      (row) => row.shareOfRegionTotal,
    ),
    column(
      'amount_change_rupiah',
      'rupiah',
      'Perubahan dari tahun sebelumnya (change from the previous year, same nomenclature version), whole Rupiah',
      (row) => row.amountChange,
    ),
    column(
      'amount_change_ratio',
      'decimal',
      'Perubahan dari tahun sebelumnya as a fraction of the previous year’s amount',
      (row) => row.amountChangeRatio,
    ),
    column(
      'missing_reason',
      'text',
      'Alasan data kosong: REGION_UNAVAILABLE, NO_PLAN, NO_VALUE, NOT_IN_NOMENCLATURE; ' +
        'empty when the row has an amount',
      (row) => row.missing,
    ),
  ],
  async fetchRows({ execute, variables, requestId, withProvenance }) {
    const { level: _level, ...question } = variables;
    const levels = levelsOf(variables);
    const result = await execute({
      query: budgetComparisonsQuery(levels),
      variables: { ...question, withProvenance },
      requestId,
    });
    const data = dataOrFailure(
      result,
      PARAMETERS.map((parameter) => parameter.name),
    );
    const comparisons = levels.map((_level, index) => data[`level${index}`] as BudgetComparison);
    const rows = comparisons.flatMap((comparison) =>
      comparison.rows.map((row) => ({
        ...row,
        level: comparison.level,
        item: itemInForce(comparison.items, row.code, row.year),
      })),
    );
    return { rows, errors: result.errors ?? [], provenance: comparisons.flatMap(provenanceOf) };
  },
});
