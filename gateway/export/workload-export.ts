import { column, regionYearColumns } from './export-column.ts';
import { KINDS, PROVINCES, REGIONS, YEARS } from './export-parameters.ts';
import { defineExportView } from './export-view.ts';
import { dataOrFailure } from './graphql-result-problems.ts';

interface WorkloadComparisonRow {
  region: { code: string; name: string };
  year: number;
  kind: string | null;
  agenciesServed: number | null;
  headcount: number | null;
  totalBudget: number | null;
  agenciesPerStaff: number | null;
  staffPerAgency: number | null;
  budgetPerAgency: number | null;
  unknownInputs: string[];
  rank: number | null;
  rankedAmong: number | null;
  missing: string | null;
}

const PARAMETERS = [REGIONS, YEARS, KINDS, PROVINCES];

const WORKLOAD_COMPARISON = `query ExportWorkload(
  $regions: [String!], $years: [Int!], $kinds: [ProvenanceKind!], $provinces: [String!]
) {
  compareWorkload(regions: $regions, years: $years, kinds: $kinds, provinces: $provinces) {
    rows {
      region { code name } year kind agenciesServed headcount totalBudget agenciesPerStaff staffPerAgency
      budgetPerAgency unknownInputs rank rankedAmong missing
    }
  }
}`;

export const workloadExport = defineExportView<WorkloadComparisonRow>({
  name: 'workload',
  title: 'Beban kerja (workload): agencies served, staff and budget per region-year',
  grain: 'one row per region × year (region-major)',
  parameters: PARAMETERS,
  columns: [
    ...regionYearColumns<WorkloadComparisonRow>(),
    column(
      'agencies_served',
      'integer',
      'Jumlah instansi dilayani (agencies served) the region-year’s plan prints for its work area; ' +
        'empty where no document states it (unknown, not zero)',
      (row) => row.agenciesServed,
    ),
    column(
      'headcount',
      'integer',
      'Jumlah pegawai (total headcount) the plan reports; empty where it reports none',
      (row) => row.headcount,
    ),
    column(
      'total_budget_rupiah',
      'rupiah',
      'Total pagu anggaran (total budget ceiling), whole Rupiah',
      (row) => row.totalBudget,
    ),
    column(
      'agencies_per_staff',
      'decimal',
      'Instansi per pegawai (agencies per staff member): agencies served ÷ headcount',
      (row) => row.agenciesPerStaff,
    ),
    column(
      'staff_per_agency',
      'decimal',
      'Pegawai per instansi (staff per agency): headcount ÷ agencies served',
      (row) => row.staffPerAgency,
    ),
    column(
      'budget_per_agency_rupiah',
      'rupiah',
      'Pagu per instansi (budget per agency served): total budget ÷ agencies served, rounded to the whole Rupiah',
      (row) => row.budgetPerAgency,
    ),
    column(
      'unknown_inputs',
      'text',
      'Masukan tidak diketahui: the inputs the row lacks (AGENCIES_SERVED, HEADCOUNT, TOTAL_BUDGET), ' +
        'space-separated; a figure computed from one of them is empty',
      (row) => row.unknownInputs.join(' '),
    ),
    column(
      'rank',
      'integer',
      'Peringkat (rank) among the regions of the year by agencies per staff member, 1 = the most load; ' +
        'ties share a rank',
      (row) => row.rank,
    ),
    column(
      'ranked_among',
      'integer',
      'Jumlah pembanding: how many regions of the year are ranked',
      (row) => row.rankedAmong,
    ),
    column(
      'missing_reason',
      'text',
      'Alasan data kosong: REGION_UNAVAILABLE, NO_PLAN, NO_VALUE (agencies served or headcount unknown, ' +
        'or a headcount of 0); empty when the row has agencies per staff member',
      (row) => row.missing,
    ),
  ],
  async fetchRows({ execute, variables, requestId }) {
    const result = await execute({ query: WORKLOAD_COMPARISON, variables, requestId });
    const data = dataOrFailure(
      result,
      PARAMETERS.map((parameter) => parameter.name),
    );
    return {
      rows: (data.compareWorkload as { rows: WorkloadComparisonRow[] }).rows,
      errors: result.errors ?? [],
    };
  },
});
