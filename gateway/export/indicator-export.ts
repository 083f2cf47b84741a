import { column } from './export-column.ts';
import { INDICATORS, KINDS, PROVINCES, RANK_BY, REGIONS, YEARS } from './export-parameters.ts';
import { defineExportView } from './export-view.ts';
import { PROVENANCE_FRAGMENT, provenanceEntry, regionYearsOf, type Provenance } from './figure-provenance.ts';
import { dataOrFailure } from './graphql-result-problems.ts';

interface IndicatorComparisonRow {
  region: { code: string; name: string };
  year: number;
  code: string | null;
  kind: string | null;
  target: number | null;
  realisation: number | null;
  achievement: number | null;
  gapToTarget: number | null;
  rank: number | null;
  rankedAmong: number | null;
  targetChange: number | null;
  realisationChange: number | null;
  linkedBudget: number | null;
  costPerTargetPoint: number | null;
  agenciesServed: number | null;
  targetAgencies: number | null;
  realisationAgencies: number | null;
  missing: string | null;
}

interface IndicatorCell {
  regionCode: string;
  year: number;
  targetProvenance: Provenance | null;
  realisationProvenance: Provenance | null;
}

interface IndicatorComparison {
  indicator: { id: string; name: string; unit: string };
  rows: IndicatorComparisonRow[];
  cells?: Array<IndicatorCell | null>;
}

interface IndicatorExportRow extends IndicatorComparisonRow {
  indicator: IndicatorComparison['indicator'];
}

const PARAMETERS = [INDICATORS, REGIONS, YEARS, KINDS, PROVINCES, RANK_BY];

// One field for every indicator: the gateway fetches all cells in one request per region and computes all rows in one
// call to national. An alias per indicator cost 14 fetches of each (≈ 200 regional requests for the full export).
const INDICATOR_COMPARISONS = `query ExportIndicators(
  $indicators: [ID!], $regions: [String!], $years: [Int!], $kinds: [ProvenanceKind!], $provinces: [String!],
  $rankBy: ComparisonRanking, $withProvenance: Boolean!
) {
  compareIndicators(
    indicators: $indicators, regions: $regions, years: $years, kinds: $kinds, provinces: $provinces, rankBy: $rankBy
  ) {
    indicator { id name unit }
    rows {
      region { code name } year code kind target realisation achievement gapToTarget rank rankedAmong targetChange
      realisationChange linkedBudget costPerTargetPoint agenciesServed targetAgencies realisationAgencies missing
    }
    cells @include(if: $withProvenance) {
      regionCode year targetProvenance { ...Source } realisationProvenance { ...Source }
    }
  }
}
${PROVENANCE_FRAGMENT}`;

export const indicatorExport = defineExportView<IndicatorExportRow>({
  name: 'indicators',
  title: 'Perbandingan indikator (indicator comparison)',
  grain:
    'one row per national indicator × region × year ' +
    '(indicator-major, then regions and years ' +
    'in the order asked)',
  parameters: PARAMETERS,
  columns: [
    column(
      'indicator_id',
      'text',
      'ID indikator nasional (national indicator id), e.g. IKU-09',
      (row) => row.indicator.id,
    ),
    column('indicator_name', 'text', 'Nama indikator (national indicator name)', (row) => row.indicator.name),
    column(
      'unit',
      'text',
      'Satuan (unit) of the national indicator, e.g. %, Indeks (0-100)',
      (row) => row.indicator.unit,
    ),
    column('region_code', 'text', 'Kode wilayah (region code), I … XIV', (row) => row.region.code),
    column(
      'region_name',
      'text',
      'Nama kantor (office name), e.g. Kantor Regional VI BKN Medan',
      (row) => row.region.name,
    ),
    column('year', 'integer', 'Tahun anggaran (fiscal year)', (row) => row.year),
    column(
      'local_code',
      'text',
      'Kode IKU lokal (the code the region-year’s plan prints), e.g. 7.a, IKU.9',
      (row) => row.code,
    ),
    column(
      'kind',
      'text',
      'Jenis sumber (provenance kind) of the region-year’s plan: DOCUMENT or SYNTHETIC; empty without a plan',
      (row) => row.kind,
    ),
    column('target', 'decimal', 'Target of the plan’s latest revision', (row) => row.target),
    column('realisation', 'decimal', 'Realisasi (full-year realisation)', (row) => row.realisation),
    column(
      'achievement_percent',
      'decimal',
      'Capaian (achievement) in %: realisation ÷ target × 100, inverted where lower is better',
      (row) => row.achievement,
    ),
    column(
      'gap_to_target',
      'decimal',
      'Selisih terhadap target (gap to target), signed so that positive is better',
      (row) => row.gapToTarget,
    ),
    column(
      'rank',
      'integer',
      'Peringkat (rank) among the regions of that year, 1 = best: by achievement, ' +
        'or by realisation with rank_by=REALISATION; empty where not ranked',
      (row) => row.rank,
    ),
    column(
      'ranked_among',
      'integer',
      'Jumlah pembanding (how many regions of that year have what the ranking needs); empty on a row not ranked',
      (row) => row.rankedAmong,
    ),
    column(
      'target_change',
      'decimal',
      'Perubahan target (change in target from the previous year)',
      (row) => row.targetChange,
    ),
    column(
      'realisation_change',
      'decimal',
      'Perubahan realisasi (change in realisation from the previous year)',
      (row) => row.realisationChange,
    ),
    column(
      'linked_budget_rupiah',
      'rupiah',
      'Pagu terkait (budget the plan links to the indicator), whole Rupiah',
      (row) => row.linkedBudget,
    ),
    column(
      'cost_per_target_point_rupiah',
      'decimal',
      'Biaya per poin target (linked budget ÷ target, where the amount funds this indicator alone), Rupiah',
      (row) => row.costPerTargetPoint,
    ),
    column(
      'agencies_served',
      'integer',
      'Jumlah instansi wilayah kerja (agencies in the work area) the region-year’s plan prints, ' +
        'for an indicator in % of them (IKU-01, IKU-02); empty for other indicators and where no document states ' +
        'the work area',
      (row) => row.agenciesServed,
    ),
    column(
      'target_agencies',
      'decimal',
      'Target dalam instansi (the target in % as a number of agencies: target × agencies_served ÷ 100); ' +
        'empty where no document states the work area',
      (row) => row.targetAgencies,
    ),
    column(
      'realisation_agencies',
      'decimal',
      'Realisasi dalam instansi (the realisation in % as a number of agencies); ' +
        'empty where no document states the work area',
      (row) => row.realisationAgencies,
    ),
    column(
      'missing_reason',
      'text',
      'Alasan data kosong (why the row has no figures): REGION_UNAVAILABLE, NO_PLAN, NO_VALUE; ' +
        'empty when it has figures',
      (row) => row.missing,
    ),
  ],
  async fetchRows({ execute, variables, requestId, withProvenance }) {
    const { rank_by: rankBy, ...question } = variables;
    const result = await execute({
      query: INDICATOR_COMPARISONS,
      variables: { ...question, rankBy: rankBy ?? 'ACHIEVEMENT', withProvenance },
      requestId,
    });
    const data = dataOrFailure(
      result,
      PARAMETERS.map((parameter) => parameter.name),
    );
    const comparisons = data.compareIndicators as IndicatorComparison[];
    const rows = comparisons.flatMap((comparison) =>
      comparison.rows.map((row) => ({ ...row, indicator: comparison.indicator })),
    );
    const provenance = comparisons.flatMap((comparison) => {
      const inRows = regionYearsOf(comparison.rows.map((row) => ({ regionCode: row.region.code, year: row.year })));
      return (comparison.cells ?? [])
        .filter((cell): cell is IndicatorCell => cell !== null && inRows.has(`${cell.regionCode}@${cell.year}`))
        .flatMap((cell) => [
          provenanceEntry(cell, comparison.indicator.id, 'target', cell.targetProvenance),
          provenanceEntry(cell, comparison.indicator.id, 'realisation', cell.realisationProvenance),
        ])
        .filter((entry) => entry !== null);
    });
    return { rows, errors: result.errors ?? [], provenance };
  },
});
