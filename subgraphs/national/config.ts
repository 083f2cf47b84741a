import { readNonNegativeInteger, readPort, readUrl } from '../../shared/config/environment.ts';
import { readSubgraphAccess, type SubgraphAccess } from '../../shared/config/subgraph-access.ts';
import { DEFAULT_STATEMENT_TIMEOUT_MS } from '../../shared/database/database.ts';
import { readSubgraphLimits, type SubgraphLimits } from '../../shared/http/subgraph-limits.ts';
import { readKnownRegions, type KnownRegions } from '../../shared/regions/known-regions.ts';

export interface NationalConfig extends SubgraphAccess {
  port: number;
  /** postgres://…; unset runs on an embedded PGlite in DATA_DIR. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** STATEMENT_TIMEOUT_MS of the PostgreSQL pool (0: none; PGlite ignores it). */
  statementTimeoutMs: number;
  /** The 14 offices, plus SYNTHETIC_SHARDS synthetic benchmark shards (default none). */
  regions: KnownRegions;
  limits: SubgraphLimits;
}

export function readNationalConfig(env: NodeJS.ProcessEnv = process.env): Readonly<NationalConfig> {
  return Object.freeze({
    port: readPort(env, 'PORT', 4001),
    ...readSubgraphAccess(env),
    databaseUrl: readUrl(env, 'DATABASE_URL'),
    dataDir: env.DATA_DIR || '.data/national',
    statementTimeoutMs: readNonNegativeInteger(env, 'STATEMENT_TIMEOUT_MS', DEFAULT_STATEMENT_TIMEOUT_MS),
    regions: readKnownRegions(env),
    limits: readSubgraphLimits(env),
  });
}
