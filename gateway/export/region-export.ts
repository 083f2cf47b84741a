import { column } from './export-column.ts';
import { defineExportView } from './export-view.ts';
import { dataOrFailure } from './graphql-result-problems.ts';

interface Region {
  code: string;
  name: string;
  city: string;
  provinces: Array<{ name: string; verified: boolean }>;
  workAreaNote: string | null;
}

/** A region and one province of its work area; a region whose directory entry names none has one row without. */
interface RegionProvinceRow {
  region: Region;
  province: Region['provinces'][number] | null;
}

const REGIONS_WITH_WORK_AREAS =
  'query ExportRegions { regions { code name city provinces { name verified } workAreaNote } }';

export const regionExport = defineExportView<RegionProvinceRow>({
  name: 'regions',
  title: 'Wilayah kerja (the offices’ work areas): region × province',
  grain:
    'one row per region × province of its work area, regions in directory order (I … XIV), ' +
    'provinces as the directory lists them',
  parameters: [],
  columns: [
    column('region_code', 'text', 'Kode wilayah (region code), I … XIV', (row) => row.region.code),
    column('region_name', 'text', 'Nama kantor (office name)', (row) => row.region.name),
    column('city', 'text', 'Kota (city) of the office', (row) => row.region.city),
    column(
      'province',
      'text',
      'Provinsi (province) of the work area, as the comparisons’ provinces parameter accepts it',
      (row) => row.province?.name,
    ),
    column(
      'verified',
      'text',
      'Terverifikasi: true when a source document states it, false for background knowledge',
      (row) => (row.province ? String(row.province.verified) : null),
    ),
    column(
      'work_area_note',
      'text',
      'Catatan wilayah kerja (how sure the work area is, and why)',
      (row) => row.region.workAreaNote,
    ),
    column(
      'missing_reason',
      'text',
      'Alasan data kosong: NO_WORK_AREA when the directory names no province for the office; empty otherwise',
      (row) => (row.province ? null : 'NO_WORK_AREA'),
    ),
  ],
  async fetchRows({ execute, requestId }) {
    const result = await execute({ query: REGIONS_WITH_WORK_AREAS, requestId });
    const regions = dataOrFailure(result).regions as Region[];
    const rows = regions.flatMap((region): RegionProvinceRow[] =>
      region.provinces.length
        ? region.provinces.map((province) => ({ region, province }))
        : [{ region, province: null }],
    );
    return { rows, errors: result.errors ?? [] };
  },
});
