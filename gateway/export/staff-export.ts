import { column, type ExportColumn } from './export-column.ts';
import { KINDS, PROVINCES, REGIONS, YEARS } from './export-parameters.ts';
import { defineExportView, type ViewRequest, type ViewRows } from './export-view.ts';
import { PROVENANCE_FRAGMENT, provenanceEntry, type Provenance } from './figure-provenance.ts';
import { dataOrFailure } from './graphql-result-problems.ts';

interface Headcount {
  asOf: string;
  dimension: string;
  category: string | null;
  count: number;
  provenance?: Provenance;
}

interface StaffMovement {
  period: string;
  type: string;
  count: number;
  counterpart: string | null;
  provenance?: Provenance;
}

interface RegionYear {
  regionCode: string;
  year: number;
  region: { name: string };
  filled: boolean | null;
  kind: string | null;
  staff: { headcounts: Headcount[]; movements: StaffMovement[] } | null;
}

/** A staff figure with its region-year; a region-year without figures is one row of its own, carrying only why. */
interface StaffRow<Figure> {
  regionYear: RegionYear;
  figure: Figure | null;
  missing: string | null;
}

const PARAMETERS = [REGIONS, YEARS, KINDS, PROVINCES];

const STAFF_COMPARISON = `query ExportStaff(
  $regions: [String!], $years: [Int!], $kinds: [ProvenanceKind!], $provinces: [String!], $withProvenance: Boolean!
) {
  compareStaff(regions: $regions, years: $years, kinds: $kinds, provinces: $provinces) {
    regionCode year region { name } filled kind
    staff {
      headcounts { asOf dimension category count provenance @include(if: $withProvenance) { ...Source } }
      movements { period type count counterpart provenance @include(if: $withProvenance) { ...Source } }
    }
  }
}
${PROVENANCE_FRAGMENT}`;

/** Same reasons, same order of checks, as the comparison rows of indicators and budgets. */
function missingReason(regionYear: RegionYear, figures: unknown[]): string | null {
  if (regionYear.filled !== true) return 'REGION_UNAVAILABLE';
  if (!regionYear.kind) return 'NO_PLAN';
  return figures.length === 0 ? 'NO_VALUE' : null;
}

async function fetchStaffRows<Figure extends { provenance?: Provenance }>(
  request: ViewRequest,
  figuresOf: (staff: NonNullable<RegionYear['staff']>) => Figure[],
  itemOf: (figure: Figure) => string,
): Promise<ViewRows<StaffRow<Figure>>> {
  const variables = { ...request.variables, withProvenance: request.withProvenance };
  const result = await request.execute({ query: STAFF_COMPARISON, variables, requestId: request.requestId });
  const data = dataOrFailure(
    result,
    PARAMETERS.map((parameter) => parameter.name),
  );
  const rows = (data.compareStaff as RegionYear[]).flatMap((regionYear): Array<StaffRow<Figure>> => {
    const figures = regionYear.staff ? figuresOf(regionYear.staff) : [];
    const missing = missingReason(regionYear, figures);
    return missing
      ? [{ regionYear, figure: null, missing }]
      : figures.map((figure) => ({ regionYear, figure, missing: null }));
  });
  const provenance = rows
    .map(({ regionYear, figure }) => figure && provenanceEntry(regionYear, itemOf(figure), 'count', figure.provenance))
    .filter((entry) => entry !== null);
  return { rows, errors: result.errors ?? [], provenance };
}

function regionYearColumns<Figure>(): Array<ExportColumn<StaffRow<Figure>>> {
  return [
    column('region_code', 'text', 'Kode wilayah (region code), I … XIV', (row) => row.regionYear.regionCode),
    column('region_name', 'text', 'Nama kantor (office name)', (row) => row.regionYear.region.name),
    column(
      'year',
      'integer',
      'Tahun anggaran (fiscal year) of the plan that reports the figure',
      (row) => row.regionYear.year,
    ),
    column(
      'kind',
      'text',
      'Jenis sumber (provenance kind) of the region-year’s plan: DOCUMENT or SYNTHETIC; empty without a plan',
      (row) => row.regionYear.kind,
    ),
  ];
}

const missingReasonColumn = <Figure>() =>
  column<StaffRow<Figure>>(
    'missing_reason',
    'text',
    'Alasan data kosong: REGION_UNAVAILABLE, NO_PLAN, NO_VALUE (the plan gives no such figures); empty on a figure row',
    (row) => row.missing,
  );

export const staffExport = defineExportView<StaffRow<Headcount>>({
  name: 'staff',
  title: 'Jumlah pegawai (headcounts), long format',
  grain:
    'one row per region × year × headcount (dimension and category) the plan reports; ' +
    'one row with missing_reason for a region-year without any',
  parameters: PARAMETERS,
  columns: [
    ...regionYearColumns<Headcount>(),
    column('as_of', 'date', 'Per tanggal (the date the headcount is as of)', (row) => row.figure?.asOf),
    column(
      'dimension',
      'text',
      'Dimensi (breakdown): TOTAL, POSITION (jabatan), RANK_GRADE (golongan), RELIGION (agama), ' +
        'GENDER (jenis kelamin), EDUCATION (pendidikan), AGE_BAND (rentang usia)',
      (row) => row.figure?.dimension,
    ),
    column(
      'category',
      'text',
      'Kategori within the dimension, e.g. a golongan; empty for TOTAL',
      (row) => row.figure?.category,
    ),
    column('count', 'integer', 'Jumlah pegawai (number of staff)', (row) => row.figure?.count),
    missingReasonColumn<Headcount>(),
  ],
  fetchRows: (request) =>
    fetchStaffRows(
      request,
      (staff) => staff.headcounts,
      (figure) => [figure.dimension, figure.category].filter(Boolean).join(' '),
    ),
});

export const staffMovementExport = defineExportView<StaffRow<StaffMovement>>({
  name: 'staff-movements',
  title: 'Mutasi pegawai (staff movements), long format',
  grain:
    'one row per region × year × movement the plan reports; one row with missing_reason for a region-year ' +
    'without any',
  parameters: PARAMETERS,
  columns: [
    ...regionYearColumns<StaffMovement>(),
    column('period', 'text', 'Periode (period of the movement as printed), e.g. 2020', (row) => row.figure?.period),
    column(
      'movement_type',
      'text',
      'Jenis mutasi: RETIRED (pensiun), TRANSFERRED_IN (mutasi masuk), TRANSFERRED_OUT (mutasi keluar), ' +
        'DIED (meninggal dunia)',
      (row) => row.figure?.type,
    ),
    column('count', 'integer', 'Jumlah pegawai (number of staff)', (row) => row.figure?.count),
    column(
      'counterpart',
      'text',
      'Asal/tujuan (the other office), e.g. Kantor Regional VII BKN; empty when not stated',
      (row) => row.figure?.counterpart,
    ),
    missingReasonColumn<StaffMovement>(),
  ],
  fetchRows: (request) =>
    fetchStaffRows(
      request,
      (staff) => staff.movements,
      (figure) => `${figure.type} ${figure.period}`,
    ),
});
