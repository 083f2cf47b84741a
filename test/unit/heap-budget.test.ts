import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.ts';
import {
  checkHeapBudget,
  GATEWAY_MAX_OLD_SPACE_MB,
  GATEWAY_NODE_FLAGS,
  heapNeededMb,
} from '../../gateway/heap-budget.ts';

const MB = 1024 * 1024;
const configWith = (env: Record<string, string>) =>
  readGatewayConfig({ NATIONAL_URL: 'http://127.0.0.1:4001/graphql', REGION_URLS: '', AUTH_MODE: 'off', ...env });

describe('the gateway heap budget', () => {
  it('fits the default caches, and the response cache with its stale cells, in the heap every launch gives', () => {
    expect(heapNeededMb(configWith({}))).toBe(256 + 64);
    const everythingOn = configWith({ RESPONSE_CACHE_TTL_SECONDS: '60' });
    expect(heapNeededMb(everythingOn)).toBe(256 + 64 + 64 + 32);
    expect(() => checkHeapBudget(everythingOn, GATEWAY_MAX_OLD_SPACE_MB * MB)).not.toThrow();
  });

  it('counts no in-process cache when Redis holds them', () => {
    expect(heapNeededMb(configWith({ REDIS_URL: 'redis://127.0.0.1:6379', RESPONSE_CACHE_TTL_SECONDS: '60' }))).toBe(
      256 + 32,
    );
  });

  it('refuses caches larger than the heap, saying what to change', () => {
    expect(() => checkHeapBudget(configWith({ ENTITY_CACHE_MB: '2000' }), GATEWAY_MAX_OLD_SPACE_MB * MB)).toThrow(
      'the caches need about 2256 MB of heap (ENTITY_CACHE_MB, and with RESPONSE_CACHE_TTL_SECONDS the response ' +
        'cache and STALE_CELLS_MAX_MB), and node allows 1024 MB: lower them, or start node with ' +
        '--max-old-space-size=2256 or more',
    );
  });

  it('is the limit every launch of the gateway passes to node, with its young generation', () => {
    expect(GATEWAY_NODE_FLAGS).toContain(`--max-old-space-size=${GATEWAY_MAX_OLD_SPACE_MB}`);
    const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(packageJson.scripts['serve:gateway']).toContain(`node ${GATEWAY_NODE_FLAGS.join(' ')} `);
    const execForm = `["node", ${GATEWAY_NODE_FLAGS.map((flag) => `"${flag}"`).join(', ')}, `;
    expect(readFileSync('Dockerfile', 'utf8')).toMatch(new RegExp(`CMD ${escaped(execForm)}[^\\n]*gateway/main\\.js`));
    expect(readFileSync('docker-compose.yml', 'utf8')).toMatch(
      new RegExp(`command: ${escaped(execForm)}[^\\n]*gateway/main\\.js`),
    );
  });
});

const escaped = (text: string) => text.replace(/[[\]().*+?^$|{}\\]/g, '\\$&');
