import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the committed supergraph', () => {
  // It starts `npx tsx` in a child process: seconds, not milliseconds, on a busy 2-core machine.
  it('is what composing the subgraph schemas produces today (npm run compose:check)', { timeout: 60_000 }, () => {
    const output = execFileSync('npx', ['tsx', 'scripts/compose-supergraph.ts', '--check'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(output).toContain('up to date');
  });
});
