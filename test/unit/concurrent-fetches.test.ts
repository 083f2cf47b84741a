import { describe, expect, it } from 'vitest';
import { ConcurrentFetches, GatheredRequests } from '../../gateway/shard-router/concurrent-fetches.ts';

describe('fetches of one operation that run side by side', () => {
  it('hands over together the fetches one operation starts in one pass, and other operations apart', async () => {
    const handedOver: string[][] = [];
    const fetches = new ConcurrentFetches<string, string>((met) => {
      handedOver.push(met);
      return met.map(async (fetch) => `${fetch} answered with ${met.length - 1} other(s)`);
    });
    const first = {};
    const second = {};
    // As @apollo/gateway starts a Parallel node's fetches: one synchronous pass.
    const answers = Promise.all([
      fetches.join(first, 'cells'),
      fetches.join(second, 'alone'),
      fetches.join(first, 'totals'),
    ]);
    expect(await answers).toEqual([
      'cells answered with 1 other(s)',
      'alone answered with 0 other(s)',
      'totals answered with 1 other(s)',
    ]);
    expect(handedOver).toEqual([['cells', 'totals'], ['alone']]);

    // A fetch that starts after an await (a Sequence's next step) is a new hand-over.
    await fetches.join(first, 'spending');
    expect(handedOver.at(-1)).toEqual(['spending']);
  });

  it('rejects each fetch when the hand-over throws', async () => {
    const fetches = new ConcurrentFetches<string, string>(() => {
      throw new Error('router broken');
    });
    const operation = {};
    const settled = await Promise.allSettled([fetches.join(operation, 'a'), fetches.join(operation, 'b')]);
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });
});

describe('requests gathered after each fetch looked in the entity cache', () => {
  it('sends once every fetch has submitted its request or withdrawn, and answers each', async () => {
    const sent: Array<{ fetches: number[]; requests: string[] }> = [];
    const gathered = new GatheredRequests<string, string>(3, async (fetches, requests) => {
      sent.push({ fetches, requests });
      return requests.map((request) => `answer to ${request}`);
    });
    const cells = gathered.submit(0, 'missing cells');
    await Promise.resolve();
    expect(sent).toEqual([]);
    // Fetch 1 found everything in the cache; fetch 2's lookup took longer.
    gathered.withdraw(1);
    await Promise.resolve();
    expect(sent).toEqual([]);
    const totals = gathered.submit(2, 'missing totals');
    expect(await Promise.all([cells, totals])).toEqual(['answer to missing cells', 'answer to missing totals']);
    expect(sent).toEqual([{ fetches: [0, 2], requests: ['missing cells', 'missing totals'] }]);
    // A fetch that settles again (its answer's `finally`) changes nothing.
    gathered.withdraw(0);
    expect(sent).toHaveLength(1);
  });

  it('sends nothing when every fetch withdrew, and rejects every submitter when the sending fails', async () => {
    let calls = 0;
    const none = new GatheredRequests<string, string>(2, async () => {
      calls++;
      return [];
    });
    none.withdraw(0);
    none.withdraw(1);
    await Promise.resolve();
    expect(calls).toBe(0);

    const failing = new GatheredRequests<string, string>(2, async () => {
      throw new Error('region router failed');
    });
    const settled = await Promise.allSettled([failing.submit(0, 'a'), failing.submit(1, 'b')]);
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });
});
