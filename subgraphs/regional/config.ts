import { readNonNegativeInteger, readPort, readUrl } from '../../shared/config/environment.ts';
import { readSubgraphAccess, type SubgraphAccess } from '../../shared/config/subgraph-access.ts';
import { DEFAULT_STATEMENT_TIMEOUT_MS } from '../../shared/database/database.ts';
import { readSubgraphLimits, type SubgraphLimits } from '../../shared/http/subgraph-limits.ts';
import { readKnownRegions, type KnownRegions } from '../../shared/regions/known-regions.ts';
import type { RegionCode } from '../../shared/regions/region-codes.ts';

/** One region served by the process: its code and the port it listens on (0: any free port). */
export interface RegionalShard {
  region: RegionCode;
  port: number;
}

export interface RegionalConfig extends SubgraphAccess {
  /** REGION (one) or REGIONS (several, each on its own port and schema, one process): in the order given. */
  shards: readonly RegionalShard[];
  /** postgres://…; unset runs on an embedded PGlite in DATA_DIR. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** STATEMENT_TIMEOUT_MS of the PostgreSQL pool (0: none; PGlite ignores it). */
  statementTimeoutMs: number;
  limits: SubgraphLimits;
  /** The codes REGION/REGIONS may name: the 14 offices, plus SYNTHETIC_SHARDS synthetic shards. */
  regions: KnownRegions;
}

/** A region's own port when PORT is unset: 4100 + its number (I → 4101, XIV → 4114, XV → 4115, CC → 4300). */
export const defaultRegionalPort = (regions: KnownRegions, region: RegionCode) =>
  4100 + regions.codes.indexOf(region) + 1;

function readRegionList(env: NodeJS.ProcessEnv, regions: KnownRegions): RegionCode[] {
  const single = env.REGION?.trim() ? env.REGION : undefined;
  const several = env.REGIONS?.trim() ? env.REGIONS : undefined;
  if (single !== undefined && several !== undefined)
    throw new Error(
      `REGION and REGIONS are both set ("${single}", "${several}"); set REGION for one region or REGIONS for several`,
    );
  if (single === undefined && several === undefined)
    throw new Error('REGION (one region code, e.g. VI) or REGIONS (several, e.g. I,II,XV) is required');
  const name = single !== undefined ? 'REGION' : 'REGIONS';
  const parts = single !== undefined ? [single] : several!.split(',').filter((part) => part.trim() !== '');
  const codes: RegionCode[] = [];
  for (const part of parts) {
    let code: RegionCode;
    try {
      code = regions.parse(part);
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`);
    }
    if (codes.includes(code)) throw new Error(`${name}: region ${code} is listed twice in "${several}"`);
    codes.push(code);
  }
  return codes;
}

/**
 * REGION=VI (one region) or REGIONS=I,XV,XXIX (several shards in one process, each on its own port and its
 * own schema). PORT: with one region its port; with several the first one's, the others on the following
 * ports in order (0: each a free port); unset, each region's own default port (defaultRegionalPort).
 */
export function readRegionalConfig(env: NodeJS.ProcessEnv = process.env): Readonly<RegionalConfig> {
  const regions = readKnownRegions(env);
  const codes = readRegionList(env, regions);
  const firstPort = env.PORT === undefined || env.PORT === '' ? undefined : readPort(env, 'PORT', 0);
  if (firstPort !== undefined && firstPort !== 0 && firstPort + codes.length - 1 > 65535) {
    throw new Error(
      `PORT: ${codes.length} regions from port ${firstPort} would need ports beyond 65535; got PORT="${env.PORT}"`,
    );
  }
  const shards = codes.map((region, index) => ({
    region,
    port: firstPort === undefined ? defaultRegionalPort(regions, region) : firstPort === 0 ? 0 : firstPort + index,
  }));
  const first = codes[0]!.toLowerCase();
  const last = codes[codes.length - 1]!.toLowerCase();
  return Object.freeze({
    shards: Object.freeze(shards),
    ...readSubgraphAccess(env),
    databaseUrl: readUrl(env, 'DATABASE_URL'),
    statementTimeoutMs: readNonNegativeInteger(env, 'STATEMENT_TIMEOUT_MS', DEFAULT_STATEMENT_TIMEOUT_MS),
    limits: readSubgraphLimits(env),
    // One PGlite directory per process: several regions share it, each in its own schema.
    dataDir: env.DATA_DIR || (codes.length === 1 ? `.data/region-${first}` : `.data/regions-${first}-to-${last}`),
    regions,
  });
}
