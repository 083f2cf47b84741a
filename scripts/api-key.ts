/**
 * API keys for BI tools (Power BI, Excel "From Web") and scripts, which send a header but cannot do OIDC:
 *   npm run api-key -- create --name powerbi-jakarta [--roles analyst]   prints the key once; only its hash is stored
 *   npm run api-key -- revoke <name or id>                                the gateway refuses it within seconds
 *   npm run api-key -- list                                               names, ids, roles, dates; never a key
 * The file is API_KEYS_FILE (default .data/api-keys.json) or --file; the gateway re-reads it when it changes.
 */
import { parseArgs } from 'node:util';
import { createApiKey, readApiKeys, revokeApiKey } from '../gateway/auth/api-key-file.ts';
import { ANALYST_ROLE } from '../gateway/auth/identity.ts';

const USAGE =
  `usage: npm run api-key -- create --name NAME [--roles ${ANALYST_ROLE}[,…]] | revoke NAME_OR_ID | list   ` +
  '[--file PATH]';

function run(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { name: { type: 'string' }, roles: { type: 'string', default: ANALYST_ROLE }, file: { type: 'string' } },
  });
  const file = values.file || process.env.API_KEYS_FILE || '.data/api-keys.json';
  const [command, target, ...rest] = positionals;
  if (command === 'create' && values.name && !target) {
    const roles = values.roles
      .split(',')
      .map((role) => role.trim())
      .filter(Boolean);
    const { key, record } = createApiKey(file, { name: values.name, roles });
    console.log(
      `Created API key "${record.name}" (id ${record.id}, roles: ${record.roles.join(', ') || 'none'}) in ${file}.`,
    );
    console.log('Copy it now: it is not stored and cannot be shown again.\n');
    console.log(key);
    console.log('\nSend it as "Authorization: Bearer <key>" or "X-API-Key: <key>".');
    return 0;
  }
  if (command === 'revoke' && target && rest.length === 0) {
    for (const record of revokeApiKey(file, target))
      console.log(
        `Revoked "${record.name}" (id ${record.id}) at ${record.revoked}; the gateway refuses it within seconds.`,
      );
    return 0;
  }
  if (command === 'list' && !target) {
    const keys = readApiKeys(file);
    if (keys.length === 0) console.log(`No API keys in ${file}.`);
    for (const record of keys) {
      console.log(
        [
          record.id,
          record.name,
          `roles=${record.roles.join(',') || '-'}`,
          `created=${record.created}`,
          record.revoked ? `revoked=${record.revoked}` : 'active',
        ].join('\t'),
      );
    }
    return 0;
  }
  console.error(USAGE);
  return 2;
}

try {
  process.exitCode = run(process.argv.slice(2));
} catch (error) {
  console.error(`api-key: ${(error as Error).message}`);
  process.exitCode = 1;
}
