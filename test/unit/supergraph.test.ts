import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, SUPERGRAPH_FILE } from '../../subgraphs/supergraph-composition.ts';

describe('the committed supergraph', () => {
  it('is what composing the subgraph schemas produces today (npm run compose:check)', () => {
    const composition = composeSupergraph();
    expect('errors' in composition ? composition.errors : []).toEqual([]);
    if ('errors' in composition) return;
    // Compared as text, so that a failure shows the lines that differ; `npm run compose` rewrites the file.
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composition.supergraph);
  });
});
