import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRegionalConfig } from '../../subgraphs/regional/config.ts';
import { readNationalConfig } from '../../subgraphs/national/config.ts';

/**
 * Runs a subgraph's main as `npm run serve:*` does; resolves with its exit code and output, or kills it after
 * `timeoutMs`.
 */
function runService(
  file: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ code: number | null; output: string; killed: boolean }> {
  return new Promise((resolve) => {
    const environment: NodeJS.ProcessEnv = {
      ...process.env,
      ...env,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'subgraph-binding-')),
      PORT: '0',
      LOG_LEVEL: 'info',
    };
    delete environment.SUBGRAPH_SECRET;
    delete environment.DATABASE_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, killed });
    });
  });
}

describe('where a subgraph listens', () => {
  for (const [service, file, env] of [
    ['regional', 'subgraphs/regional/main.ts', { REGION: 'VI' }],
    ['national', 'subgraphs/national/main.ts', {}],
  ] as const) {
    it(`refuses to start the ${service} subgraph on HOST=0.0.0.0 without SUBGRAPH_SECRET, naming both`, async () => {
      // Before opening its database: a refusal comes in the time node takes to load the code, not PGlite's 10 s.
      const run = await runService(file, { ...env, HOST: '0.0.0.0' }, 30_000);
      expect(run.killed).toBe(false);
      expect(run.code).not.toBe(0);
      expect(run.output).toContain('HOST="0.0.0.0"');
      expect(run.output).toContain('SUBGRAPH_SECRET');
      expect(run.output).not.toContain('listening');
    });
  }

  it('binds 127.0.0.1 unless HOST says otherwise, and another HOST only with a secret', () => {
    expect(readRegionalConfig({ REGION: 'VI' }).host).toBe('127.0.0.1');
    expect(readNationalConfig({}).host).toBe('127.0.0.1');
    expect(readNationalConfig({ HOST: '::1' }).host).toBe('::1');
    expect(() => readNationalConfig({ HOST: '10.0.0.7' })).toThrow(/SUBGRAPH_SECRET/);
    expect(() => readRegionalConfig({ REGION: 'VI', HOST: '0.0.0.0', SUBGRAPH_SECRET: 'short' })).toThrow(
      /at least 32 characters/,
    );
    const secret = 'x'.repeat(32);
    expect(readRegionalConfig({ REGION: 'VI', HOST: '0.0.0.0', SUBGRAPH_SECRET: secret })).toMatchObject({
      host: '0.0.0.0',
      subgraphSecret: secret,
    });
  });
});
