// What the page asks the graph for each subject (compare-page-operations.graphql), and how each answer becomes a
// Comparison (comparison-model.ts).

import {
  type BudgetLevel,
  ComparePageBudgetDocument,
  type ComparePageBudgetQuery,
  type ComparePageBudgetQueryVariables,
  ComparePageIndicatorDocument,
  type ComparePageIndicatorQuery,
  type ComparePageIndicatorQueryVariables,
  ComparePageSpendingDocument,
  type ComparePageSpendingQuery,
  type ComparePageSpendingQueryVariables,
  ComparePageStaffDocument,
  type ComparePageStaffQuery,
  type ComparePageStaffQueryVariables,
  ComparePageWorkloadDocument,
  type ComparePageWorkloadQuery,
  type ComparePageWorkloadQueryVariables,
  type ComparePageStatisticsFragment,
  type MissingReason,
  type ProvenanceKind,
} from './compare-page-operations.generated.ts';
import type { Comparison, ComparisonRow, MissingCell, TableColumn } from './comparison-model.ts';
import { type GraphQLError, postGraphQL } from './graphql-client.ts';
import { formatChange, formatValue, type ValueFormat } from './number-formats.ts';
import type { PageState } from './page-state.ts';

/** Plan kinds that are real data: everything but SYNTHETIC. */
export const REAL_KINDS: ProvenanceKind[] = ['DOCUMENT', 'DERIVED', 'MANUAL'];

// The label lists are held to the schema's enums: a value the graph adds fails type-checking until labelled.
export const KIND_LABELS: Record<string, string> = {
  DOCUMENT: 'Dokumen',
  DERIVED: 'Turunan',
  MANUAL: 'Manual',
  SYNTHETIC: 'Sintetis',
} satisfies Record<ProvenanceKind, string>;

/** Why a row has no figures, as the table says it. */
export const MISSING_LABELS: Record<string, string> = {
  REGION_UNAVAILABLE: 'layanan wilayah tidak menjawab',
  NO_PLAN: 'tidak ada rencana kerja',
  NO_VALUE: 'tidak ada angka di rencana',
  NOT_IN_NOMENCLATURE: 'di luar nomenklatur tahun itu',
  EXCLUDED_KIND: 'data sintetis tidak disertakan',
  NOT_RETURNED: 'tanpa rencana, atau jenisnya tidak disertakan',
} satisfies Record<MissingReason | 'NOT_RETURNED', string>;

/** The levels the page offers (not KOMPONEN, SUB_KOMPONEN). */
export const LEVEL_LABELS: Record<string, string> = {
  PROGRAM: 'Program',
  KEGIATAN: 'Kegiatan',
  KRO: 'KRO',
  RO: 'RO',
} satisfies Partial<Record<BudgetLevel, string>>;

/** The question on screen, with its lists filled in (regions and years the form has checked). */
export interface Question {
  state: PageState;
  regions: string[];
  years: number[];
}

export function kindsOf(state: PageState): ProvenanceKind[] | null {
  return state.synthetic ? null : REAL_KINDS;
}

/** The operation and variables that answer a question, by subject. */
export type ComparisonRequest =
  | {
      subject: 'indicator';
      operation: typeof ComparePageIndicatorDocument;
      variables: ComparePageIndicatorQueryVariables;
    }
  | { subject: 'budget'; operation: typeof ComparePageBudgetDocument; variables: ComparePageBudgetQueryVariables }
  | {
      subject: 'spending';
      operation: typeof ComparePageSpendingDocument;
      variables: ComparePageSpendingQueryVariables;
    }
  | { subject: 'staff'; operation: typeof ComparePageStaffDocument; variables: ComparePageStaffQueryVariables }
  | {
      subject: 'workload';
      operation: typeof ComparePageWorkloadDocument;
      variables: ComparePageWorkloadQueryVariables;
    };

export function requestOf(question: Question): ComparisonRequest {
  const { state } = question;
  const variables = { regions: question.regions, years: question.years, kinds: kindsOf(state) };
  switch (state.subject) {
    case 'indicator': {
      // The form always holds an indicator (the catalogue's first at least); '' only were the catalogue empty.
      const indicator = state.indicator ?? '';
      return {
        subject: 'indicator',
        operation: ComparePageIndicatorDocument,
        variables: { ...variables, indicator, rankBy: state.rankBy },
      };
    }
    case 'budget': {
      // The form offers only LEVEL_LABELS' levels; any other the graph refuses, and the page shows its error.
      const level = state.level as BudgetLevel;
      return {
        subject: 'budget',
        operation: ComparePageBudgetDocument,
        variables: { ...variables, level, codes: state.codes },
      };
    }
    case 'spending':
      return { subject: 'spending', operation: ComparePageSpendingDocument, variables };
    case 'staff':
      return { subject: 'staff', operation: ComparePageStaffDocument, variables };
    case 'workload':
      return { subject: 'workload', operation: ComparePageWorkloadDocument, variables };
  }
}

interface RegionRef {
  code: string;
  city: string;
}

type IndicatorAnswer = NonNullable<ComparePageIndicatorQuery['compareIndicator']>;
type BudgetAnswer = NonNullable<ComparePageBudgetQuery['compareBudget']>;
type SpendingAnswer = NonNullable<ComparePageSpendingQuery['compareBudget']>;
type StaffAnswer = NonNullable<ComparePageStaffQuery['compareStaff']>;
type WorkloadAnswer = NonNullable<ComparePageWorkloadQuery['compareWorkload']>;

function baseRow(
  region: RegionRef,
  year: number,
  raw: { kind?: string | null; missing?: string | null; code?: string | null },
  values: Record<string, number | null>,
): ComparisonRow {
  return {
    regionCode: region.code,
    regionLabel: `${region.code} ${region.city}`,
    year,
    code: raw.code ?? null,
    kind: raw.kind ?? null,
    missing: raw.missing ?? null,
    values,
    rank: null,
    rankedAmong: null,
  };
}

const textColumn = (key: string, label: string, text: (row: ComparisonRow) => string, title?: string): TableColumn => ({
  key,
  label,
  title,
  numeric: false,
  sortValue: text,
  text,
});
const valueColumn = (key: string, label: string, format: ValueFormat, title?: string): TableColumn => ({
  key,
  label,
  title,
  numeric: true,
  sortValue: (row) => row.values[key] ?? null,
  text: (row) => formatValue(row.values[key], format),
});
const changeColumn = (key: string, label: string, format: ValueFormat): TableColumn => ({
  key,
  label,
  title: 'Dibanding tahun sebelumnya',
  numeric: true,
  sortValue: (row) => row.values[key] ?? null,
  text: (row) => formatChange(row.values[key], format),
});
const missingText = (reason: string | null) => (reason ? (MISSING_LABELS[reason] ?? reason) : '');

const LEADING_COLUMNS: TableColumn[] = [
  textColumn('region', 'Wilayah', (row) => row.regionLabel),
  { key: 'year', label: 'Tahun', numeric: false, sortValue: (row) => row.year, text: (row) => String(row.year) },
];
const KIND_COLUMN = textColumn(
  'kind',
  'Jenis',
  (row) => (row.kind ? (KIND_LABELS[row.kind] ?? row.kind) : '–'),
  'Jenis sumber: dokumen atau data sintetis',
);
const MISSING_COLUMN = textColumn('missing', 'Keterangan', (row) => missingText(row.missing));

function statisticsText(statistics: ComparePageStatisticsFragment | undefined, format: ValueFormat): string {
  if (!statistics || statistics.count === 0) return 'tidak ada nilai';
  const show = (value: number | null) => formatValue(value, format);
  return (
    `${statistics.count} nilai · min ${show(statistics.min)} · maks ${show(statistics.max)} · rata-rata ` +
    `${show(statistics.mean)} · median ${show(statistics.median)}`
  );
}

/** Columns of figures only some rows have (agencies served): shown when any row has one. */
function whereAny(rows: ComparisonRow[], columns: TableColumn[]): TableColumn[] {
  return columns.filter((column) => rows.some((row) => row.values[column.key] != null));
}

function indicatorComparison(answer: IndicatorAnswer): Comparison {
  const { indicator, rows, summary, rankedBy } = answer;
  const unit = indicator.unit ? ` (${indicator.unit})` : '';
  const better = Boolean(indicator.higherIsBetter);
  const comparisonRows: ComparisonRow[] = rows.map((row) => ({
    ...baseRow(row.region, row.year, row, {
      target: row.target,
      realisation: row.realisation,
      achievement: row.achievement,
      targetChange: row.targetChange,
      realisationChange: row.realisationChange,
      agenciesServed: row.agenciesServed ?? null,
      targetAgencies: row.targetAgencies ?? null,
      realisationAgencies: row.realisationAgencies ?? null,
    }),
    rank: row.rank ?? null,
    rankedAmong: row.rank == null ? null : (row.rankedAmong ?? null),
  }));
  // An indicator in % of the work area's agencies (IKU-01, IKU-02) also reads as a number of agencies, where a
  // document states how many.
  const inAgencies = comparisonRows.some((row) => row.values.agenciesServed != null);
  return {
    subject: 'indicator',
    title: indicator.name,
    note:
      `Satuan: ${indicator.unit}. ${better ? 'Makin tinggi makin baik.' : 'Makin rendah makin baik.'} Sumbu nilai ` +
      'mengikuti rentang data, tidak dari nol.',
    caption: `${indicator.name}${unit}: target, realisasi dan capaian per wilayah dan tahun`,
    measures: [
      { key: 'realisation', label: 'Realisasi', format: 'number', fromZero: false, higherIsBetter: better },
      { key: 'target', label: 'Target', format: 'number', fromZero: false, higherIsBetter: better },
      {
        key: 'achievement',
        label: 'Capaian (realisasi ÷ target)',
        format: 'percent',
        fromZero: false,
        higherIsBetter: true,
      },
      ...(inAgencies
        ? [
            {
              key: 'targetAgencies',
              label: 'Target dalam instansi',
              format: 'number' as const,
              fromZero: true,
              higherIsBetter: better,
            },
            {
              key: 'realisationAgencies',
              label: 'Realisasi dalam instansi',
              format: 'number' as const,
              fromZero: true,
              higherIsBetter: better,
            },
          ]
        : []),
    ],
    rows: comparisonRows,
    columns: [
      ...LEADING_COLUMNS,
      textColumn('code', 'Kode lokal', (row) => row.code ?? '–', 'Kode IKU dalam rencana kerja wilayah itu'),
      KIND_COLUMN,
      valueColumn('target', 'Target', 'number'),
      valueColumn('realisation', 'Realisasi', 'number'),
      valueColumn('achievement', 'Capaian', 'percent', 'Realisasi dibanding target'),
      {
        key: 'rank',
        label: 'Peringkat',
        numeric: true,
        title:
          `Menurut ${rankedBy === 'REALISATION' ? 'realisasi' : 'capaian (realisasi ÷ target)'}, ` +
          'di antara wilayah tahun itu yang punya angkanya; 1 = terbaik',
        sortValue: (row) => row.rank,
        text: (row) => (row.rank == null ? '–' : `${row.rank} dari ${row.rankedAmong}`),
      },
      changeColumn('targetChange', 'Perubahan target', 'number'),
      changeColumn('realisationChange', 'Perubahan realisasi', 'number'),
      ...whereAny(comparisonRows, [
        valueColumn(
          'agenciesServed',
          'Instansi wilayah kerja',
          'count',
          'Jumlah instansi yang dilayani menurut dokumen (penyebut indikator dalam %)',
        ),
        valueColumn('targetAgencies', 'Target (instansi)', 'number', 'Target dalam % dikali jumlah instansi'),
        valueColumn(
          'realisationAgencies',
          'Realisasi (instansi)',
          'number',
          'Realisasi dalam % dikali jumlah instansi',
        ),
      ]),
      MISSING_COLUMN,
    ],
    missing: summary.missing.map((cell) => ({
      regionCode: cell.region.code,
      year: cell.year,
      code: null,
      reason: cell.reason,
    })),
    statistics: [
      ['Target', statisticsText(summary.target, 'number')],
      ['Realisasi', statisticsText(summary.realisation, 'number')],
      ['Capaian', statisticsText(summary.achievement, 'percent')],
    ],
  };
}

function budgetComparison(answer: BudgetAnswer, state: PageState): Comparison {
  const { items, rows, summary } = answer;
  const item = items[0];
  const several = items.length > 1;
  const named = item ? `${item.code} ${item.name}` : state.codes.join(', ');
  const title = `${LEVEL_LABELS[state.level] ?? state.level} ${named}`;
  return {
    subject: 'budget',
    title,
    note: 'Dalam Rupiah (M = miliar, jt = juta); sumbu Rupiah dari nol, penyerapan mengikuti rentang data.',
    caption: `${title}: pagu, realisasi dan penyerapan per wilayah dan tahun (Rupiah)`,
    measures: [
      { key: 'amount', label: 'Pagu', format: 'rupiah', fromZero: true, higherIsBetter: true },
      { key: 'realisedAmount', label: 'Realisasi', format: 'rupiah', fromZero: true, higherIsBetter: true },
      {
        key: 'absorption',
        label: 'Penyerapan (realisasi ÷ pagu)',
        format: 'fraction',
        fromZero: false,
        higherIsBetter: true,
      },
    ],
    rows: rows.map((row) =>
      baseRow(row.region, row.year, row, {
        amount: row.amount,
        realisedAmount: row.realisedAmount,
        absorption: row.absorption,
        shareOfRegionTotal: row.shareOfRegionTotal,
        amountChange: row.amountChange,
      }),
    ),
    columns: [
      ...LEADING_COLUMNS,
      ...(several ? [textColumn('code', 'Kode', (row) => row.code ?? '–')] : []),
      KIND_COLUMN,
      valueColumn('amount', 'Pagu', 'rupiah'),
      valueColumn('realisedAmount', 'Realisasi', 'rupiah'),
      valueColumn('absorption', 'Penyerapan', 'fraction', 'Realisasi dibagi pagu'),
      valueColumn('shareOfRegionTotal', 'Porsi dari total', 'fraction', 'Bagian dari total pagu wilayah tahun itu'),
      changeColumn('amountChange', 'Perubahan pagu', 'rupiah'),
      MISSING_COLUMN,
    ],
    missing: summary.missing.map((cell) => ({
      regionCode: cell.region.code,
      year: cell.year,
      code: cell.code ?? null,
      reason: cell.reason,
    })),
    statistics: summary.totals.map((total): [string, string] => [
      `Jumlah ${several ? `${total.code} ` : ''}${total.year}`,
      formatValue(total.total, 'rupiah'),
    ]),
  };
}

function spendingComparison(answer: SpendingAnswer): Comparison {
  const rows: ComparisonRow[] = answer.spending.map((row) =>
    baseRow(row.region, row.year, row, {
      totalBudget: row.totalBudget,
      pegawai: row.pegawai,
      operasional: row.operasional,
      nonOperasional: row.nonOperasional,
      pegawaiShare: row.pegawaiShare,
      operasionalShare: row.operasionalShare,
      nonOperasionalShare: row.nonOperasionalShare,
      totalChange: row.totalChange,
      realisedBudget: row.realisedBudget ?? null,
      absorption: row.absorption ?? null,
      agenciesServed: row.agenciesServed ?? null,
      budgetPerAgency: row.budgetPerAgency ?? null,
    }),
  );
  return {
    subject: 'spending',
    title: 'Jenis belanja',
    note: 'Pagu per jenis belanja, dalam Rupiah; sumbu Rupiah dari nol, porsi mengikuti rentang data.',
    caption: 'Pagu per jenis belanja per wilayah dan tahun (Rupiah)',
    measures: [
      { key: 'totalBudget', label: 'Total pagu', format: 'rupiah', fromZero: true, higherIsBetter: true },
      { key: 'pegawai', label: 'Belanja Pegawai', format: 'rupiah', fromZero: true, higherIsBetter: true },
      { key: 'operasional', label: 'Belanja Operasional', format: 'rupiah', fromZero: true, higherIsBetter: true },
      {
        key: 'nonOperasional',
        label: 'Belanja Non-Operasional',
        format: 'rupiah',
        fromZero: true,
        higherIsBetter: true,
      },
      {
        key: 'pegawaiShare',
        label: 'Porsi Belanja Pegawai',
        format: 'fraction',
        fromZero: false,
        higherIsBetter: true,
      },
      {
        key: 'absorption',
        label: 'Penyerapan (realisasi ÷ pagu)',
        format: 'fraction',
        fromZero: false,
        higherIsBetter: true,
      },
      {
        key: 'budgetPerAgency',
        label: 'Pagu per instansi dilayani',
        format: 'rupiah',
        fromZero: true,
        higherIsBetter: true,
      },
    ],
    rows,
    columns: [
      ...LEADING_COLUMNS,
      KIND_COLUMN,
      valueColumn('totalBudget', 'Total pagu', 'rupiah'),
      valueColumn('pegawai', 'Pegawai', 'rupiah', 'Belanja Pegawai'),
      valueColumn('operasional', 'Operasional', 'rupiah', 'Belanja Operasional'),
      valueColumn('nonOperasional', 'Non-operasional', 'rupiah', 'Belanja Non-Operasional'),
      valueColumn('pegawaiShare', 'Porsi pegawai', 'fraction', 'Belanja Pegawai dibagi total pagu'),
      changeColumn('totalChange', 'Perubahan total', 'rupiah'),
      ...whereAny(rows, [
        valueColumn(
          'realisedBudget',
          'Realisasi',
          'rupiah',
          'Realisasi anggaran total, bila setiap program punya realisasi',
        ),
        valueColumn('absorption', 'Penyerapan', 'fraction', 'Realisasi dibagi total pagu'),
        valueColumn('agenciesServed', 'Instansi dilayani', 'count', 'Jumlah instansi wilayah kerja menurut dokumen'),
        valueColumn('budgetPerAgency', 'Pagu per instansi', 'rupiah', 'Total pagu dibagi jumlah instansi dilayani'),
      ]),
      MISSING_COLUMN,
    ],
    missing: rows
      .filter((row) => row.missing)
      .map((row) => ({ regionCode: row.regionCode, year: row.year, code: null, reason: row.missing! })),
    statistics: [],
  };
}

/** compareStaff leaves out region-years without a plan of the kinds asked: those are named as NOT_RETURNED. */
function staffComparison(answer: StaffAnswer, question: Question, cityOf: (code: string) => string): Comparison {
  const rows: ComparisonRow[] = answer.map((regionYear) => {
    const missing =
      regionYear.filled !== true
        ? 'REGION_UNAVAILABLE'
        : !regionYear.kind
          ? 'NO_PLAN'
          : regionYear.headcount == null
            ? 'NO_VALUE'
            : null;
    return baseRow(
      { code: regionYear.regionCode, city: regionYear.region?.city ?? cityOf(regionYear.regionCode) },
      regionYear.year,
      { kind: regionYear.kind, missing },
      { headcount: regionYear.headcount },
    );
  });
  const returned = new Set(rows.map((row) => `${row.regionCode}@${row.year}`));
  const notReturned: MissingCell[] = question.regions.flatMap((regionCode) =>
    question.years
      .filter((year) => !returned.has(`${regionCode}@${year}`))
      .map((year) => ({ regionCode, year, code: null, reason: 'NOT_RETURNED' })),
  );
  return {
    subject: 'staff',
    title: 'Jumlah pegawai',
    note: 'Jumlah pegawai yang dilaporkan rencana kerja, per tanggal yang disebut dokumen; sumbu dari nol.',
    caption: 'Jumlah pegawai per wilayah dan tahun',
    measures: [{ key: 'headcount', label: 'Jumlah pegawai', format: 'count', fromZero: true, higherIsBetter: true }],
    rows,
    columns: [...LEADING_COLUMNS, KIND_COLUMN, valueColumn('headcount', 'Jumlah pegawai', 'count'), MISSING_COLUMN],
    missing: [
      ...rows
        .filter((row) => row.missing)
        .map((row) => ({ regionCode: row.regionCode, year: row.year, code: null, reason: row.missing! })),
      ...notReturned,
    ],
    statistics: [],
  };
}

/** Agencies served, staff and pagu side by side; the rank follows agencies per staff member (most load first). */
function workloadComparison(answer: WorkloadAnswer): Comparison {
  const rows: ComparisonRow[] = answer.rows.map((row) => ({
    ...baseRow(row.region, row.year, row, {
      agenciesPerStaff: row.agenciesPerStaff,
      staffPerAgency: row.staffPerAgency,
      agenciesServed: row.agenciesServed,
      headcount: row.headcount,
      totalBudget: row.totalBudget,
      budgetPerAgency: row.budgetPerAgency,
    }),
    rank: row.rank,
    rankedAmong: row.rankedAmong,
  }));
  return {
    subject: 'workload',
    title: 'Beban kerja',
    note: 'Instansi dilayani, pegawai dan pagu menurut rencana kerja; kosong bila dokumen tidak menyebutnya.',
    caption: 'Instansi dilayani per pegawai per wilayah dan tahun',
    measures: [
      {
        key: 'agenciesPerStaff',
        label: 'Instansi per pegawai',
        format: 'number',
        fromZero: true,
        higherIsBetter: true,
      },
      { key: 'staffPerAgency', label: 'Pegawai per instansi', format: 'number', fromZero: true, higherIsBetter: true },
      {
        key: 'budgetPerAgency',
        label: 'Pagu per instansi dilayani',
        format: 'rupiah',
        fromZero: true,
        higherIsBetter: true,
      },
      { key: 'agenciesServed', label: 'Instansi dilayani', format: 'count', fromZero: true, higherIsBetter: true },
      { key: 'headcount', label: 'Jumlah pegawai', format: 'count', fromZero: true, higherIsBetter: true },
    ],
    rows,
    columns: [
      ...LEADING_COLUMNS,
      KIND_COLUMN,
      valueColumn('agenciesServed', 'Instansi dilayani', 'count', 'Jumlah instansi wilayah kerja menurut dokumen'),
      valueColumn('headcount', 'Pegawai', 'count', 'Jumlah pegawai menurut rencana kerja'),
      valueColumn('totalBudget', 'Total pagu', 'rupiah'),
      valueColumn('agenciesPerStaff', 'Instansi per pegawai', 'number', 'Instansi dilayani dibagi jumlah pegawai'),
      valueColumn('staffPerAgency', 'Pegawai per instansi', 'number', 'Jumlah pegawai dibagi instansi dilayani'),
      valueColumn('budgetPerAgency', 'Pagu per instansi', 'rupiah', 'Total pagu dibagi jumlah instansi dilayani'),
      {
        key: 'rank',
        label: 'Peringkat',
        title: 'Menurut instansi per pegawai; 1 = beban terbesar',
        numeric: true,
        sortValue: (row) => row.rank,
        text: (row) => (row.rank == null ? '–' : `${row.rank} dari ${row.rankedAmong}`),
      },
      MISSING_COLUMN,
    ],
    missing: rows
      .filter((row) => row.missing)
      .map((row) => ({ regionCode: row.regionCode, year: row.year, code: null, reason: row.missing! })),
    statistics: [],
  };
}

/** The answer to a question: its comparison (null when the graph gave none) and the graph's errors. */
export interface ComparisonAnswer {
  comparison: Comparison | null;
  errors: GraphQLError[];
}

/** Asks the graph the question and reads the answer as a Comparison. */
export async function askComparison(question: Question, cityOf: (code: string) => string): Promise<ComparisonAnswer> {
  const request = requestOf(question);
  switch (request.subject) {
    case 'indicator': {
      const { data, errors = [] } = await postGraphQL(request.operation, request.variables);
      return { comparison: data?.compareIndicator ? indicatorComparison(data.compareIndicator) : null, errors };
    }
    case 'budget': {
      const { data, errors = [] } = await postGraphQL(request.operation, request.variables);
      return { comparison: data?.compareBudget ? budgetComparison(data.compareBudget, question.state) : null, errors };
    }
    case 'spending': {
      const { data, errors = [] } = await postGraphQL(request.operation, request.variables);
      return { comparison: data?.compareBudget ? spendingComparison(data.compareBudget) : null, errors };
    }
    case 'staff': {
      const { data, errors = [] } = await postGraphQL(request.operation, request.variables);
      return { comparison: data?.compareStaff ? staffComparison(data.compareStaff, question, cityOf) : null, errors };
    }
    case 'workload': {
      const { data, errors = [] } = await postGraphQL(request.operation, request.variables);
      return { comparison: data?.compareWorkload ? workloadComparison(data.compareWorkload) : null, errors };
    }
  }
}
