import { describe, expect, it } from 'vitest';
import { oncePerComparison } from '../../subgraphs/national/comparisons/once-per-comparison.ts';

describe('oncePerComparison', () => {
  it('computes once per comparison object and again for another one', async () => {
    const computedFor: string[] = [];
    const rowsOf = oncePerComparison(async (comparison: { id: string }, scale: number) => {
      computedFor.push(comparison.id);
      return [comparison.id.length * scale];
    });
    const first = { id: 'indicator:IKU-01' };
    const second = { id: 'indicator:IKU-02' };

    const [rows, sameRows] = await Promise.all([rowsOf(first, 2), rowsOf(first, 2)]);
    expect(rows).toBe(sameRows);
    expect(await rowsOf(second, 2)).toEqual([32]);
    expect(computedFor).toEqual(['indicator:IKU-01', 'indicator:IKU-02']);
  });

  it('keeps a failure for the comparison that failed', async () => {
    let calls = 0;
    const rowsOf = oncePerComparison(async (_comparison: object) => {
      calls++;
      throw new Error('cells missing');
    });
    const comparison = {};
    await expect(rowsOf(comparison)).rejects.toThrow('cells missing');
    await expect(rowsOf(comparison)).rejects.toThrow('cells missing');
    expect(calls).toBe(1);
  });
});
