import { badUserInput } from '../errors/error-codes.ts';

/**
 * A region code known to the running configuration: one of REGION_CODES, or a synthetic shard code
 * (XV, XVI, …) when SYNTHETIC_SHARDS extends them (see known-regions.ts). Branded, so that a raw string
 * cannot stand for one. Codes are made only at the boundaries: parseRegionCode or KnownRegions.parse
 * (configuration, GraphQL arguments), KnownRegions.isKnown (plan and realisation files, checked by their
 * validators), assertOwnRegion (representations, in the regional subgraph), regionCodeList (the code lists).
 */
export type RegionCode = string & { readonly __brand: 'RegionCode' };

/** A Roman numeral from 1 to 3999 in its canonical form: the form of every office's and shard's code. */
const ROMAN_NUMERAL = /^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;

/**
 * The codes a configuration defines (the 14 offices, the synthetic shards after them): the one place a
 * code is made without a list to check it against, so each must at least be a canonical Roman numeral.
 */
export function regionCodeList(values: readonly string[]): readonly RegionCode[] {
  const malformed = values.find((value) => value === '' || !ROMAN_NUMERAL.test(value));
  if (malformed !== undefined) throw new RangeError(`expected region codes as Roman numerals; got "${malformed}"`);
  return Object.freeze(values as readonly RegionCode[]);
}

/** The 14 regional offices, Kantor Regional I … XIV. */
export const REGION_CODES: readonly RegionCode[] = regionCodeList([
  'I',
  'II',
  'III',
  'IV',
  'V',
  'VI',
  'VII',
  'VIII',
  'IX',
  'X',
  'XI',
  'XII',
  'XIII',
  'XIV',
]);

/** Fiscal years a plan can have; anything outside is a typo, not a year without data. */
export const FIRST_PLAN_YEAR = 2000;
export const LAST_PLAN_YEAR = 2100;

/** "I" … "XIV" (or the given codes, e.g. a configuration's KnownRegions.codes). */
export function isRegionCode(value: string, codes: readonly RegionCode[] = REGION_CODES): value is RegionCode {
  return (codes as readonly string[]).includes(value);
}

/** "I … XIV", or for a longer list "I … XIV and the synthetic shards XV … CC". */
export function describeRegionCodes(codes: readonly string[] = REGION_CODES): string {
  if (codes.length <= REGION_CODES.length) return codes.join(', ');
  return `${REGION_CODES.join(', ')} or a synthetic shard ${codes[REGION_CODES.length]} … ${codes[codes.length - 1]}`;
}

/**
 * "vi " → "VI": trims and upper-cases ASCII letters only. Unicode case mapping would take the dotless
 * "ı" for an I ("vı" → "VI") and a few other letters for Latin ones, so a code is compared as ASCII.
 */
export function normaliseRegionCode(value: string): string {
  return value.trim().replace(/[a-z]/g, (letter) => letter.toUpperCase());
}

/**
 * Normalises case and whitespace ("vi " → "VI") and refuses anything that is not one of `codes` (default I … XIV).
 */
export function parseRegionCode(value: string, codes: readonly RegionCode[] = REGION_CODES): RegionCode {
  const code = normaliseRegionCode(value);
  if (!isRegionCode(code, codes)) {
    // Cut: the value is the client's, and an error must not echo a megabyte of it.
    const shown = value.length <= 16 ? value : `${value.slice(0, 16)}…`;
    throw badUserInput(`Unknown region code "${shown}"; expected one of ${describeRegionCodes(codes)}`, {
      argument: 'region',
      value: shown,
    });
  }
  return code;
}

export function parseYear(year: number): number {
  if (!Number.isInteger(year) || year < FIRST_PLAN_YEAR || year > LAST_PLAN_YEAR) {
    throw badUserInput(`Impossible year ${year}; expected a fiscal year from ${FIRST_PLAN_YEAR} to ${LAST_PLAN_YEAR}`, {
      argument: 'year',
      value: year,
    });
  }
  return year;
}

/**
 * Schema name of a region's tables ("VI" → "region_vi"), optionally prefixed (tests isolate themselves with a
 * prefix).
 */
export function regionSchemaName(region: RegionCode, prefix = ''): string {
  return `${prefix}region_${region.toLowerCase()}`;
}
