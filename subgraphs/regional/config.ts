import { readPort, readUrl, requireValue } from '../../shared/config/environment.ts';
import { parseRegionCode, type RegionCode } from '../../shared/regions/region-codes.ts';

export interface RegionalConfig {
  region: RegionCode;
  port: number;
  /** postgres://…; unset runs on an embedded PGlite in DATA_DIR. */
  databaseUrl: string | undefined;
  dataDir: string;
}

export function readRegionalConfig(env: NodeJS.ProcessEnv = process.env): Readonly<RegionalConfig> {
  let region: RegionCode;
  try {
    region = parseRegionCode(requireValue(env, 'REGION'));
  } catch (error) {
    throw new Error(`REGION: ${(error as Error).message}`);
  }
  return Object.freeze({
    region,
    port: readPort(env, 'PORT', 4100 + ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV'].indexOf(region) + 1),
    databaseUrl: readUrl(env, 'DATABASE_URL'),
    dataDir: env.DATA_DIR || `.data/region-${region.toLowerCase()}`,
  });
}
