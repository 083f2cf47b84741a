import { readPort, readUrl } from '../../shared/config/environment.ts';
import { readKnownRegions, type KnownRegions } from '../../shared/regions/known-regions.ts';

export interface NationalConfig {
  port: number;
  /** postgres://…; unset runs on an embedded PGlite in DATA_DIR. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** The 14 offices, plus SYNTHETIC_SHARDS synthetic benchmark shards (default none). */
  regions: KnownRegions;
}

export function readNationalConfig(env: NodeJS.ProcessEnv = process.env): Readonly<NationalConfig> {
  return Object.freeze({
    port: readPort(env, 'PORT', 4001),
    databaseUrl: readUrl(env, 'DATABASE_URL'),
    dataDir: env.DATA_DIR || '.data/national',
    regions: readKnownRegions(env),
  });
}
