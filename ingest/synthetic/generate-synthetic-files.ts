import type { RegionCode } from '../../shared/regions/region-codes.ts';
import { regionYearKey } from './document-region-years.ts';
import type { CatalogueIndicator } from './generate-indicators.ts';
import type { ReportedThrough } from './generate-realisations.ts';
import { generateRegionYear } from './generate-region-year.ts';

export interface SyntheticSetRequest {
  seed: number;
  regions: readonly RegionCode[];
  years: readonly number[];
  catalogue: readonly CatalogueIndicator[];
  reportedThrough: ReportedThrough;
  /** Region-years with document data ("VI-2021" → the files that hold it): never generated. */
  documentRegionYears: ReadonlyMap<string, readonly string[]>;
}

export interface GeneratedFile {
  name: string;
  kind: 'plan' | 'realisation';
  region: RegionCode;
  year: number;
  text: string;
}

export interface RegionResult {
  region: RegionCode;
  files: GeneratedFile[];
  skipped: Array<{ year: number; documentFiles: readonly string[] }>;
}

/** Pretty-printed like the hand-made plan files, with a final newline, so that equal data are equal bytes. */
export const toFileText = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Every file of the requested regions and years, in memory, region by region; region-years with document data are
 * skipped.
 */
export function generateSyntheticFiles(request: SyntheticSetRequest): RegionResult[] {
  return request.regions.map((region) => {
    const result: RegionResult = { region, files: [], skipped: [] };
    for (const year of request.years) {
      const documentFiles = request.documentRegionYears.get(regionYearKey(region, year));
      if (documentFiles) {
        result.skipped.push({ year, documentFiles });
        continue;
      }
      const { plan, realisation } = generateRegionYear({
        seed: request.seed,
        region,
        year,
        catalogue: request.catalogue,
        reportedThrough: request.reportedThrough,
      });
      result.files.push({ name: `${region}-${year}.plan.json`, kind: 'plan', region, year, text: toFileText(plan) });
      if (realisation)
        result.files.push({
          name: `${region}-${year}.realisation.json`,
          kind: 'realisation',
          region,
          year,
          text: toFileText(realisation),
        });
    }
    return result;
  });
}
