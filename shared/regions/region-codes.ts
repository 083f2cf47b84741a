import { badUserInput } from '../errors/error-codes.ts';

/** The 14 regional offices, Kantor Regional I … XIV. */
export const REGION_CODES = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV'] as const;
export type RegionCode = (typeof REGION_CODES)[number];

/** Fiscal years a plan can have; anything outside is a typo, not a year without data. */
export const FIRST_PLAN_YEAR = 2000;
export const LAST_PLAN_YEAR = 2100;

export function isRegionCode(value: string): value is RegionCode {
  return (REGION_CODES as readonly string[]).includes(value);
}

/** Normalises case and whitespace ("vi " → "VI") and refuses anything that is not I … XIV. */
export function parseRegionCode(value: string): RegionCode {
  const code = value.trim().toUpperCase();
  if (!isRegionCode(code)) {
    throw badUserInput(`Unknown region code "${value}"; expected one of ${REGION_CODES.join(', ')}`, { argument: 'region', value });
  }
  return code;
}

export function parseYear(year: number): number {
  if (!Number.isInteger(year) || year < FIRST_PLAN_YEAR || year > LAST_PLAN_YEAR) {
    throw badUserInput(`Impossible year ${year}; expected a fiscal year from ${FIRST_PLAN_YEAR} to ${LAST_PLAN_YEAR}`, { argument: 'year', value: year });
  }
  return year;
}

/** Schema name of a region's tables ("VI" → "region_vi"), optionally prefixed (tests isolate themselves with a prefix). */
export function regionSchemaName(region: RegionCode, prefix = ''): string {
  return `${prefix}region_${region.toLowerCase()}`;
}
