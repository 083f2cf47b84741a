import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * API keys for BI tools and scripts, which send a header but cannot do OIDC. A key is
 * `bkn_<id>_<secret>`: the id (12 hex digits) finds its record, the secret is 32 random bytes
 * (base64url), and the file keeps only the SHA-256 of the whole key. A salted slow hash is for
 * passwords people choose; a 256-bit random secret cannot be guessed from its hash.
 */
export const API_KEY_PREFIX = 'bkn_';
const API_KEY_PATTERN = /^bkn_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ROLE_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

const apiKeyRecordSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{12}$/),
  name: z.string().regex(NAME_PATTERN),
  roles: z.array(z.string().regex(ROLE_PATTERN)),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  created: z.iso.datetime(),
  revoked: z.iso.datetime().nullable(),
});
const apiKeyFileSchema = z.object({ version: z.literal(1), keys: z.array(apiKeyRecordSchema) });

export type ApiKeyRecord = z.infer<typeof apiKeyRecordSchema>;

/** The key's id, or undefined when the text is not shaped like an API key. */
export function apiKeyIdOf(key: string): string | undefined {
  return API_KEY_PATTERN.exec(key)?.[1];
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Whether `key` is the key `record` was made for, compared in constant time. */
export function apiKeyMatches(record: ApiKeyRecord, key: string): boolean {
  return timingSafeEqual(Buffer.from(hashApiKey(key), 'hex'), Buffer.from(record.sha256, 'hex'));
}

/** The file's records; none when the file does not exist. Fails naming the file when it is not a key file. */
export function readApiKeys(file: string): ApiKeyRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: expected the JSON written by npm run api-key; ${(error as Error).message}`);
  }
  const result = apiKeyFileSchema.safeParse(parsed);
  if (!result.success)
    throw new Error(
      `${file}: expected { version: 1, keys: [...] } as written by npm run api-key; ${z.prettifyError(result.error)}`,
    );
  return result.data.keys;
}

/**
 * Replaces the file in one rename, so that a gateway reading it sees the old keys or the new ones, never half;
 * readable by its owner only.
 */
function writeApiKeys(file: string, keys: readonly ApiKeyRecord[]): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const descriptor = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(descriptor, `${JSON.stringify({ version: 1, keys }, null, 2)}\n`);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  try {
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Creates a key, stores its hash, and returns the key itself: the only time it is ever shown. */
export function createApiKey(
  file: string,
  options: { name: string; roles: readonly string[]; now?: Date },
): { key: string; record: ApiKeyRecord } {
  const { name, roles } = options;
  if (!NAME_PATTERN.test(name))
    throw new Error(
      'A key name is 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit; ' +
        `got ${JSON.stringify(name)}`,
    );
  const badRole = roles.find((role) => !ROLE_PATTERN.test(role));
  if (badRole !== undefined)
    throw new Error(
      `A role is lower-case letters, digits, "_" or "-", starting with a letter; got ${JSON.stringify(badRole)}`,
    );
  const keys = readApiKeys(file);
  if (keys.some((record) => record.name === name && !record.revoked))
    throw new Error(`An active key named "${name}" exists already; revoke it first or choose another name`);
  const id = randomBytes(6).toString('hex');
  const key = `${API_KEY_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
  const record: ApiKeyRecord = {
    id,
    name,
    roles: [...new Set(roles)],
    sha256: hashApiKey(key),
    created: (options.now ?? new Date()).toISOString(),
    revoked: null,
  };
  writeApiKeys(file, [...keys, record]);
  return { key, record };
}

/** Revokes the active keys with this name, or the key with this id; returns them. Fails when there is none. */
export function revokeApiKey(file: string, nameOrId: string, now = new Date()): ApiKeyRecord[] {
  const keys = readApiKeys(file);
  const matching = keys.filter((record) => record.id === nameOrId || record.name === nameOrId);
  if (matching.length === 0)
    throw new Error(`No key named or numbered "${nameOrId}" in ${file}; npm run api-key -- list shows them`);
  const active = matching.filter((record) => !record.revoked);
  if (active.length === 0)
    throw new Error(
      `The key "${nameOrId}" is revoked already (${matching.map((record) => record.revoked).join(', ')})`,
    );
  const revoked = now.toISOString();
  writeApiKeys(
    file,
    keys.map((record) => (active.includes(record) ? { ...record, revoked } : record)),
  );
  return active.map((record) => ({ ...record, revoked }));
}
