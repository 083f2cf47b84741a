import { readPort, readUrl } from '../../shared/config/environment.ts';

export interface NationalConfig {
  port: number;
  /** postgres://…; unset runs on an embedded PGlite in DATA_DIR. */
  databaseUrl: string | undefined;
  dataDir: string;
}

export function readNationalConfig(env: NodeJS.ProcessEnv = process.env): Readonly<NationalConfig> {
  return Object.freeze({
    port: readPort(env, 'PORT', 4001),
    databaseUrl: readUrl(env, 'DATABASE_URL'),
    dataDir: env.DATA_DIR || '.data/national',
  });
}
