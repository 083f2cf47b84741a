import { parseRegionCode, REGION_CODES, regionCodeList, type RegionCode } from './region-codes.ts';

/**
 * The most synthetic shards a configuration may add: 14 offices + 986 shards = 1000 codes, I … M. More
 * would only be a typo (the benchmark needs 186).
 */
export const MAX_SYNTHETIC_SHARDS = 986;

/**
 * The region codes a deployment knows. By default the 14 Kantor Regional I … XIV; SYNTHETIC_SHARDS=N
 * adds N synthetic shards coded by the Roman numerals that follow (XV, XVI, …; N = 186 reaches CC), for
 * the fan-out benchmark only. A synthetic shard is no BKN office: the national directory names and flags
 * it as synthetic, and all its data is kind SYNTHETIC. Nothing branches on a code: every service gets this.
 */
export interface KnownRegions {
  /** Every code, the 14 offices first, then the synthetic shards in order. */
  readonly codes: readonly RegionCode[];
  /** The synthetic shards only (empty by default). */
  readonly syntheticCodes: readonly RegionCode[];
  /** The check for codes read from files and representations, where a wrong code is reported, not thrown. */
  isKnown(code: string): code is RegionCode;
  isSynthetic(code: string): boolean;
  /** Normalises case and whitespace; a BAD_USER_INPUT error for a code this configuration does not know. */
  parse(value: string): RegionCode;
}

/** 1 → "I", 14 → "XIV", 200 → "CC". */
export function romanNumeral(value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 3999)
    throw new RangeError(`romanNumeral: expected a whole number from 1 to 3999; got ${value}`);
  const digits: Array<[number, string]> = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let rest = value;
  let text = '';
  for (const [amount, numeral] of digits) {
    for (; rest >= amount; rest -= amount) text += numeral;
  }
  return text;
}

/** The 14 offices and `syntheticShards` synthetic shards after them. */
export function createKnownRegions(syntheticShards = 0): KnownRegions {
  if (!Number.isInteger(syntheticShards) || syntheticShards < 0 || syntheticShards > MAX_SYNTHETIC_SHARDS) {
    throw new RangeError(
      `expected a whole number of synthetic shards from 0 to ${MAX_SYNTHETIC_SHARDS}; got ${syntheticShards}`,
    );
  }
  const syntheticCodes = regionCodeList(
    Array.from({ length: syntheticShards }, (_, index) => romanNumeral(REGION_CODES.length + index + 1)),
  );
  const codes = Object.freeze([...REGION_CODES, ...syntheticCodes]);
  const known = new Set<string>(codes);
  const synthetic = new Set<string>(syntheticCodes);
  return Object.freeze({
    codes,
    syntheticCodes,
    isKnown: (code: string): code is RegionCode => known.has(code),
    isSynthetic: (code: string) => synthetic.has(code),
    parse: (value: string) => parseRegionCode(value, codes),
  });
}

/** The default: the 14 Kantor Regional, no synthetic shard. */
export const BKN_REGIONS: KnownRegions = createKnownRegions(0);

/**
 * SYNTHETIC_SHARDS from the environment (unset or empty: none, the default) → the known regions. Fails
 * with the variable's name and the value that arrived, as every service's config.ts does.
 */
export function readKnownRegions(env: NodeJS.ProcessEnv): KnownRegions {
  const raw = env.SYNTHETIC_SHARDS;
  if (raw === undefined || raw.trim() === '') return BKN_REGIONS;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) > MAX_SYNTHETIC_SHARDS) {
    throw new Error(
      `SYNTHETIC_SHARDS must be a whole number from 0 to ${MAX_SYNTHETIC_SHARDS} (synthetic benchmark shards ` +
        `after XIV: 186 gives XV … CC); got "${raw}"`,
    );
  }
  return createKnownRegions(Number(raw));
}
