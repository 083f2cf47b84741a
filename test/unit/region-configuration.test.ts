import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUrlList, readGatewayConfig } from '../../gateway/config.ts';
import { validatePlanFile, formatProblem } from '../../shared/plan-file/validate-plan-file.ts';
import {
  BKN_REGIONS,
  createKnownRegions,
  MAX_SYNTHETIC_SHARDS,
  readKnownRegions,
  romanNumeral,
} from '../../shared/regions/known-regions.ts';
import {
  parseRegionCode,
  REGION_CODES,
  regionCodeList,
  regionSchemaName,
  type RegionCode,
} from '../../shared/regions/region-codes.ts';
import { readNationalConfig } from '../../subgraphs/national/config.ts';
import { referenceIndicators } from '../../subgraphs/national/database/seed-reference-data.ts';
import { readRegionalConfig } from '../../subgraphs/regional/config.ts';

const CATALOGUE = new Set(referenceIndicators.map((indicator) => indicator.id));

describe('the known region codes (SYNTHETIC_SHARDS)', () => {
  it('are the 14 offices I … XIV when SYNTHETIC_SHARDS is unset or empty, and refuse XV as before', () => {
    for (const env of [{}, { SYNTHETIC_SHARDS: '' }, { SYNTHETIC_SHARDS: '0' }]) {
      const regions = readKnownRegions(env);
      expect(regions.codes).toEqual([...REGION_CODES]);
      expect(regions.syntheticCodes).toEqual([]);
      expect(() => regions.parse('XV')).toThrow(
        'Unknown region code "XV"; expected one of I, II, III, IV, V, VI, VII, VIII, IX, X, XI, XII, XIII, XIV',
      );
    }
    expect(readKnownRegions({})).toBe(BKN_REGIONS);
    expect(() => parseRegionCode('XV')).toThrow('Unknown region code "XV"');
  });

  it('adds N synthetic shards coded by the Roman numerals after XIV: 186 gives XV … CC', () => {
    const regions = readKnownRegions({ SYNTHETIC_SHARDS: '186' });
    expect(regions.codes).toHaveLength(200);
    expect(regions.codes.slice(0, 14)).toEqual([...REGION_CODES]);
    expect(regions.syntheticCodes.slice(0, 6)).toEqual(['XV', 'XVI', 'XVII', 'XVIII', 'XIX', 'XX']);
    expect(regions.syntheticCodes.at(-1)).toBe('CC');
    expect(new Set(regions.codes).size).toBe(200);
    expect(regions.isSynthetic('XV')).toBe(true);
    expect(regions.isSynthetic('XIV')).toBe(false);
    expect(regions.isKnown('XLIX')).toBe(true);
    expect(regions.parse(' cc ')).toBe('CC');
    expect(() => regions.parse('CCI')).toThrow(
      'Unknown region code "CCI"; expected one of I, II, III, IV, V, VI, VII, VIII, IX, X, XI, XII, XIII, ' +
        'XIV or a synthetic shard XV … CC',
    );
  });

  it('writes Roman numerals', () => {
    expect(Array.from({ length: 14 }, (_, index) => romanNumeral(index + 1))).toEqual([...REGION_CODES]);
    expect([40, 49, 50, 90, 99, 144, 200, 1000].map(romanNumeral)).toEqual([
      'XL',
      'XLIX',
      'L',
      'XC',
      'XCIX',
      'CXLIV',
      'CC',
      'M',
    ]);
    expect(createKnownRegions(MAX_SYNTHETIC_SHARDS).codes.at(-1)).toBe('M');
  });

  it.each(['abc', '-1', '1.5', '12 shards', '0x10', String(MAX_SYNTHETIC_SHARDS + 1)])(
    'refuses SYNTHETIC_SHARDS="%s", naming the variable and the value',
    (value) => {
      expect(() => readKnownRegions({ SYNTHETIC_SHARDS: value })).toThrow(
        `SYNTHETIC_SHARDS must be a whole number from 0 to ${MAX_SYNTHETIC_SHARDS} (synthetic benchmark shards ` +
          `after XIV: 186 gives XV … CC); got "${value}"`,
      );
    },
  );

  it('makes codes only by parsing or checking: a raw string is no RegionCode', () => {
    const raw = 'VI';
    // @ts-expect-error a raw string cannot name a region's schema: tsc refuses it until it is parsed
    expect(regionSchemaName(raw)).toBe('region_vi');
    const parsed: RegionCode = parseRegionCode(raw);
    expect(regionSchemaName(parsed)).toBe('region_vi');
    // Files are checked as written: their validators report "vi" instead of normalising it.
    expect(BKN_REGIONS.isKnown('vi')).toBe(false);
    expect(BKN_REGIONS.isKnown('VI')).toBe(true);
  });

  it('defines code lists of canonical Roman numerals only', () => {
    expect(regionCodeList(['I', 'XIV', 'CC'])).toEqual(['I', 'XIV', 'CC']);
    for (const malformed of ['', 'vi', 'IIII', 'VX', 'Kanreg VI'])
      expect(() => regionCodeList(['I', malformed])).toThrow(
        `expected region codes as Roman numerals; got "${malformed}"`,
      );
  });

  it('fails the national service’s configuration on a bad SYNTHETIC_SHARDS, and carries a good one', () => {
    expect(() => readNationalConfig({ SYNTHETIC_SHARDS: 'many' })).toThrow('SYNTHETIC_SHARDS must be a whole number');
    expect(readNationalConfig({ SYNTHETIC_SHARDS: '3' }).regions.syntheticCodes).toEqual(['XV', 'XVI', 'XVII']);
    expect(readNationalConfig({}).regions.codes).toEqual([...REGION_CODES]);
  });
});

describe('the regional service’s configuration (REGION or REGIONS)', () => {
  it('serves one region on its own default port, as before', () => {
    expect(readRegionalConfig({ REGION: 'vi' })).toMatchObject({
      shards: [{ region: 'VI', port: 4106 }],
      dataDir: '.data/region-vi',
    });
    expect(readRegionalConfig({ REGION: 'XII', PORT: '5012' }).shards).toEqual([{ region: 'XII', port: 5012 }]);
  });

  it('serves several regions, each on its own port: PORT, PORT+1, … in the order given, or each its default port', () => {
    const env = { SYNTHETIC_SHARDS: '186', REGIONS: 'I, XV,cc' };
    expect(readRegionalConfig({ ...env, PORT: '5000' }).shards).toEqual([
      { region: 'I', port: 5000 },
      { region: 'XV', port: 5001 },
      { region: 'CC', port: 5002 },
    ]);
    expect(readRegionalConfig(env).shards).toEqual([
      { region: 'I', port: 4101 },
      { region: 'XV', port: 4115 },
      { region: 'CC', port: 4300 },
    ]);
    expect(readRegionalConfig({ ...env, PORT: '0' }).shards.map((shard) => shard.port)).toEqual([0, 0, 0]);
    expect(readRegionalConfig(env).dataDir).toBe('.data/regions-i-to-cc');
  });

  it('refuses a synthetic shard unless SYNTHETIC_SHARDS makes it known', () => {
    expect(() => readRegionalConfig({ REGIONS: 'I,XV' })).toThrow(
      'REGIONS: Unknown region code "XV"; expected one of I, II',
    );
    expect(() => readRegionalConfig({ REGION: 'XVI', SYNTHETIC_SHARDS: '1' })).toThrow(
      'REGION: Unknown region code "XVI"; expected one of I, II, III, IV, V, VI, VII, VIII, IX, X, XI, XII, ' +
        'XIII, XIV or a synthetic shard XV … XV',
    );
  });

  it('says what is wrong with the region list', () => {
    expect(() => readRegionalConfig({})).toThrow(
      'REGION (one region code, e.g. VI) or REGIONS (several, e.g. I,II,XV) is required',
    );
    expect(() => readRegionalConfig({ REGION: 'VI', REGIONS: 'VI,XII' })).toThrow(
      'REGION and REGIONS are both set ("VI", "VI,XII")',
    );
    expect(() => readRegionalConfig({ REGIONS: 'VI,XII,vi' })).toThrow(
      'REGIONS: region VI is listed twice in "VI,XII,vi"',
    );
    expect(() => readRegionalConfig({ REGIONS: 'VI,XII', PORT: '65535' })).toThrow(
      'PORT: 2 regions from port 65535 would need ports beyond 65535',
    );
    expect(() => readRegionalConfig({ REGION: 'VI', PORT: 'x' })).toThrow(
      'PORT must be a port number from 0 to 65535; got "x"',
    );
  });
});

describe('the gateway’s REGION_URLS', () => {
  it('accepts synthetic shard codes beside the offices, 200 entries', () => {
    const codes = createKnownRegions(186).codes;
    const raw = codes.map((code, index) => `${code.toLowerCase()}=http://127.0.0.1:${20000 + index}/graphql`).join(',');
    const regionUrls = readGatewayConfig({ REGION_URLS: raw }).shardedSubgraphs.get('regional')!.regionUrls;
    expect(regionUrls.size).toBe(200);
    expect(regionUrls.get('CC')).toBe('http://127.0.0.1:20199/graphql');
    expect(() => parseUrlList('REGION_URLS', 'XV=http://127.0.0.1:1/graphql,XVI')).toThrow(
      'REGION_URLS: expected KEY=URL entries separated by commas; got "XVI"',
    );
  });
});

describe('plan files of synthetic shards', () => {
  const plan = JSON.parse(readFileSync('data/plans/VI-2021.plan.json', 'utf8'));
  const problemsOf = (edited: object, regions = BKN_REGIONS) => {
    const result = validatePlanFile(JSON.stringify(edited, null, 2), CATALOGUE, regions);
    return result.ok
      ? []
      : result.problems.map((problem) => formatProblem('XV.plan.json', problem).replace(/:\d+:/, ':'));
  };

  it('are refused by default, and accepted with SYNTHETIC_SHARDS only when every figure is SYNTHETIC', () => {
    const synthetic = { ...plan, region: 'XV', kind: 'SYNTHETIC' };
    expect(problemsOf(synthetic).join('\n')).toContain('unknown region "XV"; expected I … XIV');
    expect(problemsOf(synthetic, createKnownRegions(1))).toEqual([]);
    expect(problemsOf({ ...plan, region: 'XV' }, createKnownRegions(1)).join('\n')).toContain(
      'region "XV" is a synthetic benchmark shard: its data must be kind SYNTHETIC; got DOCUMENT',
    );
  });
});
