import type { RegionCode } from '../regions/region-codes.ts';
import type { Flag, ProvenanceKind, Source } from './plan-file.types.ts';

/**
 * The realisation file: what a region achieved in a year, against its plan. Indicator realisations per
 * quarter (TW I … TW IV, cumulative as reported) or for the full year, and budget realisation (absorbed
 * amount, realisasi anggaran) per budget line. Files are named `<REGION>-<YEAR>.realisation.json`.
 */
export type RealisationPeriod = 'TW1' | 'TW2' | 'TW3' | 'TW4' | 'YEAR';

export interface RealisationFile {
  format: 'bkn-realisation/1';
  /** "I" … "XIV" (or a synthetic shard); checked against the known codes by the file's validator. */
  region: RegionCode;
  year: number;
  kind: ProvenanceKind; // default kind of every figure in the file
  document: { file: string; title: string };
  flags: Flag[];
  /** Codes are the plan's local indicator codes, e.g. "7.a" or "IKU.9". */
  indicatorRealisations: Array<{
    code: string;
    period: RealisationPeriod;
    value: number;
    source: Source;
    flags: Flag[];
  }>;
  /** Codes are the plan's full budget codes, e.g. "4843.EAA.003"; amounts in whole Rupiah, absorbed to date. */
  budgetRealisations: Array<{ code: string; period: RealisationPeriod; amount: number; source: Source; flags: Flag[] }>;
}
