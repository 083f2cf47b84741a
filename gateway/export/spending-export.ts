import { column, regionYearColumns } from './export-column.ts';
import { KINDS, PROVINCES, REGIONS, YEARS } from './export-parameters.ts';
import { defineExportView } from './export-view.ts';
import { dataOrFailure } from './graphql-result-problems.ts';

interface SpendingComparisonRow {
  region: { code: string; name: string };
  year: number;
  kind: string | null;
  totalBudget: number | null;
  pegawai: number | null;
  operasional: number | null;
  nonOperasional: number | null;
  pegawaiShare: number | null;
  operasionalShare: number | null;
  nonOperasionalShare: number | null;
  totalChange: number | null;
  realisedBudget: number | null;
  absorption: number | null;
  agenciesServed: number | null;
  budgetPerAgency: number | null;
  missing: string | null;
}

const PARAMETERS = [REGIONS, YEARS, KINDS, PROVINCES];

// The spending split hangs off compareBudget, whose level does not change it: PROGRAM keeps the grid smallest.
const SPENDING_COMPARISON = `query ExportSpending(
  $regions: [String!], $years: [Int!], $kinds: [ProvenanceKind!], $provinces: [String!]
) {
  compareBudget(level: PROGRAM, regions: $regions, years: $years, kinds: $kinds, provinces: $provinces) {
    spending {
      region { code name } year kind totalBudget pegawai operasional nonOperasional pegawaiShare operasionalShare
      nonOperasionalShare totalChange realisedBudget absorption agenciesServed budgetPerAgency missing
    }
  }
}`;

export const spendingExport = defineExportView<SpendingComparisonRow>({
  name: 'spending',
  title: 'Jenis belanja (spending-type split), side by side',
  grain: 'one row per region × year (region-major), the three spending types as columns',
  parameters: PARAMETERS,
  columns: [
    ...regionYearColumns<SpendingComparisonRow>(),
    column(
      'total_budget_rupiah',
      'rupiah',
      'Total pagu anggaran (total budget ceiling), whole Rupiah',
      (row) => row.totalBudget,
    ),
    column('pegawai_rupiah', 'rupiah', 'Belanja Pegawai (personnel spending), whole Rupiah', (row) => row.pegawai),
    column(
      'operasional_rupiah',
      'rupiah',
      'Belanja Operasional (operational spending), whole Rupiah',
      (row) => row.operasional,
    ),
    column(
      'non_operasional_rupiah',
      'rupiah',
      'Belanja Non-Operasional (non-operational spending), whole Rupiah',
      (row) => row.nonOperasional,
    ),
    column('pegawai_share', 'decimal', 'Porsi Belanja Pegawai (share of the total), 0–1', (row) => row.pegawaiShare),
    column(
      'operasional_share',
      'decimal',
      'Porsi Belanja Operasional (share of the total), 0–1',
      (row) => row.operasionalShare,
    ),
    column(
      'non_operasional_share',
      'decimal',
      'Porsi Belanja Non-Operasional (share of the total), 0–1',
      (row) => row.nonOperasionalShare,
    ),
    column(
      'total_change_rupiah',
      'rupiah',
      'Perubahan total dari tahun sebelumnya (change of the total from the previous year), whole Rupiah',
      (row) => row.totalChange,
    ),
    column(
      'realised_budget_rupiah',
      'rupiah',
      'Realisasi anggaran total (total realised budget), whole Rupiah: the programs’ realisations summed, ' +
        'empty unless every program has one',
      (row) => row.realisedBudget,
    ),
    column(
      'absorption',
      'decimal',
      'Penyerapan total (absorption): realised budget ÷ total budget',
      (row) => row.absorption,
    ),
    column(
      'agencies_served',
      'integer',
      'Jumlah instansi dilayani (agencies served) the region-year’s plan prints for its work area; ' +
        'empty where no document states the work area',
      (row) => row.agenciesServed,
    ),
    column(
      'budget_per_agency_rupiah',
      'rupiah',
      'Pagu per instansi (budget per agency served): total budget ÷ agencies served, ' +
        'rounded to the whole Rupiah; empty where no document states the work area',
      (row) => row.budgetPerAgency,
    ),
    column(
      'missing_reason',
      'text',
      'Alasan data kosong: REGION_UNAVAILABLE, NO_PLAN, NO_VALUE; empty when the row has a total',
      (row) => row.missing,
    ),
  ],
  // The split's provenance is on the plans, not on these rows: the XLSX's dictionary sheet says it is not carried.
  async fetchRows({ execute, variables, requestId }) {
    const result = await execute({ query: SPENDING_COMPARISON, variables, requestId });
    const data = dataOrFailure(
      result,
      PARAMETERS.map((parameter) => parameter.name),
    );
    return {
      rows: (data.compareBudget as { spending: SpendingComparisonRow[] }).spending,
      errors: result.errors ?? [],
    };
  },
});
