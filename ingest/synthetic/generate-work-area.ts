import type { WorkAreaEntry } from '../../shared/plan-file/plan-file.types.ts';
import type { RegionCode } from '../../shared/regions/region-codes.ts';
import { SeededRandom } from './seeded-random.ts';
import { generated } from './synthetic-provenance.ts';

/**
 * A synthetic count of the agencies a region serves, the same every year (a work area changes by law, not
 * by plan), so that a budget per agency and IKU-01/IKU-02 in agencies can be shown on demo data. Counts
 * only: the provinces stay the national directory's, with its "verified" marks, and are not restated here.
 * Ranges around XII's 3 provincial and 38 regency/city governments.
 */
export function generateWorkArea(seed: number, region: RegionCode): WorkAreaEntry {
  const random = new SeededRandom(seed, `${region}/work-area`);
  const provincial = random.int(1, 4);
  const regencyCity = random.int(10, 45);
  return {
    provinces: [],
    agencies: [
      { kind: 'PROVINCIAL_GOVERNMENT', count: provincial, source: generated('work area, provincial governments') },
      { kind: 'REGENCY_CITY_GOVERNMENT', count: regencyCity, source: generated('work area, regency/city governments') },
    ],
    totalAgencies: {
      count: provincial + regencyCity,
      scope: 'instansi pemerintah daerah wilayah kerja',
      source: generated('work area, all regional-government agencies (the sum)'),
    },
    flags: [],
  };
}
