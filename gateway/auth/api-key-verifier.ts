import { stat } from 'node:fs/promises';
import type { Logger } from '../../shared/logging/logger.ts';
import { apiKeyIdOf, apiKeyMatches, readApiKeys, type ApiKeyRecord } from './api-key-file.ts';
import { AuthenticationFailure } from './authentication-failure.ts';
import type { Identity } from './identity.ts';

/** How often, at most, the gateway looks whether the key file changed: a revoked key stops working within this. */
const CHECK_INTERVAL_MS = 1_000;

/**
 * The API keys of API_KEYS_FILE, re-read when the file changes (its inode, size or mtime; `npm run api-key`
 * replaces it by rename), looked at no more than once a second and only when a key is presented, so that
 * creating or revoking a key needs no restart. A file that cannot be read or parsed accepts no key at all.
 */
export class ApiKeyVerifier {
  private keysById = new Map<string, ApiKeyRecord>();
  private fileVersion: string | undefined;
  private checkedAt = -Infinity;
  private checking: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
    private readonly checkIntervalMs = CHECK_INTERVAL_MS,
  ) {}

  /** Keys that are not revoked, as the file stood at the last look. */
  async activeKeyCount(): Promise<number> {
    await this.refresh();
    return [...this.keysById.values()].filter((record) => !record.revoked).length;
  }

  /** Who the key belongs to; throws an AuthenticationFailure for a malformed, unknown or revoked key. */
  async verify(key: string): Promise<Identity> {
    const id = apiKeyIdOf(key);
    if (id === undefined)
      throw AuthenticationFailure.invalidCredentials(
        'The API key is malformed: expected bkn_ followed by 12 hex digits, "_" and 43 base64url characters, ' +
          'as npm run api-key -- create prints it',
      );
    await this.refresh();
    const record = this.keysById.get(id);
    if (!record || !apiKeyMatches(record, key))
      throw AuthenticationFailure.invalidCredentials(
        'Unknown API key: it was never created here, or it was copied incompletely',
      );
    if (record.revoked)
      throw AuthenticationFailure.invalidCredentials(
        `The API key "${record.name}" (${record.id}) was revoked at ${record.revoked}`,
      );
    return Object.freeze({ subject: record.name, roles: Object.freeze([...record.roles]), via: 'api-key' as const });
  }

  private refresh(): Promise<void> {
    const now = performance.now();
    if (now - this.checkedAt >= this.checkIntervalMs) {
      this.checkedAt = now;
      this.checking = this.reloadIfChanged();
    }
    return this.checking;
  }

  private async reloadIfChanged(): Promise<void> {
    let version: string;
    try {
      const stats = await stat(this.file);
      version = `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
    } catch (error) {
      version = `unreadable: ${(error as NodeJS.ErrnoException).code}`;
    }
    if (version === this.fileVersion) return;
    this.fileVersion = version;
    try {
      this.keysById = new Map(readApiKeys(this.file).map((record) => [record.id, record]));
      this.logger.info({ file: this.file, keys: this.keysById.size }, 'API keys read');
    } catch (error) {
      this.keysById = new Map();
      this.logger.error(
        { file: this.file, err: error },
        'API key file unreadable: no API key is accepted until it is fixed',
      );
    }
  }
}
