import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { jsonText } from '../../../shared/database/column-types.ts';
import { regionCodeList, type RegionCode } from '../../../shared/regions/region-codes.ts';
import type { NationalDatabase, ProvinceEntry } from './national-database.types.ts';

interface RegionEntry {
  code: string;
  name: string;
  city: string;
  provinces: string[];
  verifiedProvinces: string[];
  workAreaNote: string;
}

interface IndicatorEntry {
  id: string;
  name: string;
  description: string;
  perspective: string;
  unit: string;
  higherIsBetter: boolean;
}

interface NomenclatureVersion {
  id: string;
  name: string;
  validFrom: number;
  validTo: number | null;
  items: Array<{ code: string; level: string; name: string }>;
}

/** The directory, the indicator catalogue and the budget nomenclature, as the reference-data files hold them. */
export interface ReferenceData {
  regions: RegionEntry[];
  indicators: IndicatorEntry[];
  nomenclature: NomenclatureVersion[];
}

/** subgraphs/national/reference-data/: what every deployment seeds from. */
export const REFERENCE_DATA_DIRECTORY = fileURLToPath(new URL('../reference-data/', import.meta.url));

/** regions.json, indicators.json and budget-nomenclature.json of a folder (a test's edited copy, say). */
export function readReferenceData(directory: string = REFERENCE_DATA_DIRECTORY): ReferenceData {
  const read = <T>(name: string): T => JSON.parse(readFileSync(join(directory, name), 'utf8')) as T;
  return {
    regions: read<{ regions: RegionEntry[] }>('regions.json').regions,
    indicators: read<{ indicators: IndicatorEntry[] }>('indicators.json').indicators,
    nomenclature: read<{ versions: NomenclatureVersion[] }>('budget-nomenclature.json').versions,
  };
}

const referenceData = readReferenceData();
export const referenceNomenclature = referenceData.nomenclature;
export const referenceRegions = referenceData.regions;
export const referenceIndicators = referenceData.indicators;

/**
 * The directory entry of a synthetic benchmark shard (SYNTHETIC_SHARDS): named and flagged as synthetic,
 * with no city or work area, so that it never passes for a Kantor Regional.
 */
export function syntheticRegionEntry(code: RegionCode, position: number) {
  return {
    code,
    position,
    name: `Synthetic shard ${code} (benchmark only, not a BKN office)`,
    city: '(synthetic)',
    provinces: jsonText<ProvinceEntry[]>([]),
    work_area_note:
      'Synthetic shard for the fan-out benchmark (SYNTHETIC_SHARDS); not a Kantor Regional; every figure is SYNTHETIC',
    synthetic: true,
  };
}

/**
 * Upserts the directory and the catalogue from reference-data/ (or `reference`), so that editing the files and
 * restarting updates them; and the directory entries of the configured synthetic shards, after the offices.
 */
export async function seedReferenceData(
  db: Kysely<NationalDatabase>,
  syntheticCodes: readonly RegionCode[] = [],
  reference: ReferenceData = referenceData,
): Promise<void> {
  const { regions: directory, indicators: catalogue, nomenclature } = reference;
  // The directory file defines its offices' codes; a malformed one fails the seed before anything is written.
  const codes = regionCodeList(directory.map((region) => region.code));
  // One statement per table: every start and every import seeds again, and on PGlite each statement is a round trip.
  const regions = [
    ...directory.map((region, position) => ({
      code: codes[position]!,
      position,
      name: region.name,
      city: region.city,
      provinces: jsonText(
        region.provinces.map((name): ProvinceEntry => ({ name, verified: region.verifiedProvinces.includes(name) })),
      ),
      work_area_note: region.workAreaNote,
      synthetic: false,
    })),
    ...syntheticCodes.map((code, index) => syntheticRegionEntry(code, directory.length + index)),
  ];
  const indicators = catalogue.map((indicator, position) => ({
    id: indicator.id,
    position,
    name: indicator.name,
    description: indicator.description,
    perspective: indicator.perspective,
    unit: indicator.unit,
    higher_is_better: indicator.higherIsBetter,
  }));
  const nomenclatureItems = nomenclature.flatMap((version) =>
    version.items.map((item, position) => ({
      version_id: version.id,
      version_name: version.name,
      valid_from: version.validFrom,
      valid_to: version.validTo,
      position,
      code: item.code,
      level: item.level,
      name: item.name,
    })),
  );
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('region')
      .values(regions)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          position: eb.ref('excluded.position'),
          name: eb.ref('excluded.name'),
          city: eb.ref('excluded.city'),
          provinces: eb.ref('excluded.provinces'),
          work_area_note: eb.ref('excluded.work_area_note'),
          synthetic: eb.ref('excluded.synthetic'),
        })),
      )
      .execute();
    await trx
      .insertInto('indicator')
      .values(indicators)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          position: eb.ref('excluded.position'),
          name: eb.ref('excluded.name'),
          description: eb.ref('excluded.description'),
          perspective: eb.ref('excluded.perspective'),
          unit: eb.ref('excluded.unit'),
          higher_is_better: eb.ref('excluded.higher_is_better'),
        })),
      )
      .execute();
    // The nomenclature is replaced whole: an item dropped from the file must not linger.
    await trx.deleteFrom('budget_nomenclature_item').execute();
    if (nomenclatureItems.length) await trx.insertInto('budget_nomenclature_item').values(nomenclatureItems).execute();
  });
}
