import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  CircuitOpenError,
  type CallOutcome,
  type CircuitState,
} from '../../gateway/circuit-breaker/circuit-breaker.ts';
import { LastGoodAnswers } from '../../gateway/shard-router/last-good-answers.ts';

/** A breaker on a clock the test moves, and the states it reported. */
function breakerOf(failureThreshold: number, cooldownMs = 1_000) {
  let now = 0;
  const changes: CircuitState[] = [];
  const breaker = new CircuitBreaker(
    'region XII',
    { failureThreshold, cooldownMs },
    (_service, state) => void changes.push(state),
    () => now,
  );
  const classify = (error: unknown): CallOutcome => ((error as Error).message === 'cancelled' ? 'neutral' : 'failure');
  let calls = 0;
  const succeed = () => breaker.run(async () => ++calls, classify);
  const fail = (message = 'timeout') =>
    breaker
      .run(async () => {
        calls += 1;
        throw new Error(message);
      }, classify)
      .catch((error: unknown) => error);
  return {
    breaker,
    changes,
    succeed,
    fail,
    calls: () => calls,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('a circuit breaker', () => {
  it('opens after the threshold of consecutive failures, and a success in between starts the count again', async () => {
    const { breaker, fail, succeed, changes } = breakerOf(3);
    await fail();
    await fail();
    await succeed();
    await fail();
    await fail();
    expect(breaker.currentState).toBe('closed');
    await fail();
    expect(breaker.currentState).toBe('open');
    expect(changes).toEqual(['open']);
  });

  it('refuses calls at once while open, without making them', async () => {
    const { fail, succeed, calls } = breakerOf(1);
    await fail();
    const before = calls();
    const refused = await succeed().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect((refused as CircuitOpenError).retryInMs).toBe(1_000);
    expect(calls()).toBe(before);
  });

  it('lets exactly one trial through after the cooldown; its success closes the circuit', async () => {
    const { breaker, fail, succeed, advance, changes } = breakerOf(1);
    await fail();
    advance(1_000);
    let finishTrial!: () => void;
    const trial = breaker.run(
      () => new Promise<string>((resolve) => (finishTrial = () => resolve('ok'))),
      () => 'failure',
    );
    expect(await succeed().catch((error: unknown) => error)).toBeInstanceOf(CircuitOpenError);
    finishTrial();
    expect(await trial).toBe('ok');
    expect(breaker.currentState).toBe('closed');
    expect(await succeed()).toBeGreaterThan(0);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('opens again for a whole cooldown when the trial fails', async () => {
    const { breaker, fail, succeed, advance } = breakerOf(1);
    await fail();
    advance(1_000);
    await fail();
    expect(breaker.currentState).toBe('open');
    advance(999);
    expect(await succeed().catch((error: unknown) => error)).toBeInstanceOf(CircuitOpenError);
    advance(1);
    await succeed();
    expect(breaker.currentState).toBe('closed');
  });

  it('closes an open circuit that no call tried for five cooldowns after its cooldown: every call goes through', async () => {
    const { breaker, fail, succeed, advance, changes, calls } = breakerOf(2);
    await fail();
    await fail();
    expect(breaker.currentState).toBe('open');
    // One cooldown and five more without a call, less a millisecond: still a single trial at a time.
    advance(5_999);
    expect(breaker.currentState).toBe('half-open');
    advance(1);
    expect(breaker.currentState).toBe('closed');
    const before = calls();
    const together = await Promise.all([succeed(), succeed(), succeed()]);
    expect(together.every((answer) => typeof answer === 'number')).toBe(true);
    expect(calls() - before).toBe(3);
    expect(changes).toEqual(['open', 'closed']);
    // Its failures are forgotten: it takes the whole threshold to open it again.
    await fail();
    expect(breaker.currentState).toBe('closed');
    await fail();
    expect(breaker.currentState).toBe('open');
  });

  it('counts a cancelled call neither way: not toward opening, and a cancelled trial leaves the trial to the next call', async () => {
    const { breaker, fail, succeed, advance } = breakerOf(2);
    for (let index = 0; index < 5; index += 1) await fail('cancelled');
    expect(breaker.currentState).toBe('closed');
    await fail();
    await fail();
    expect(breaker.currentState).toBe('open');
    advance(1_000);
    await fail('cancelled');
    expect(breaker.currentState).toBe('half-open');
    await succeed();
    expect(breaker.currentState).toBe('closed');
  });

  it('does not let a call that started before the circuit opened close it', async () => {
    const { breaker, fail } = breakerOf(1);
    let finishSlow!: () => void;
    const slow = breaker.run(
      () => new Promise<void>((resolve) => (finishSlow = resolve)),
      () => 'failure',
    );
    await fail();
    finishSlow();
    await slow;
    expect(breaker.currentState).toBe('open');
  });

  it('never opens with a threshold of 0', async () => {
    const { breaker, fail } = breakerOf(0);
    for (let index = 0; index < 10; index += 1) await fail();
    expect(breaker.currentState).toBe('closed');
  });
});

describe("the regions' last good answers", () => {
  const answer = (size: number) => ({ data: { _entities: [{ text: 'x'.repeat(size) }] } });

  it('stays within its byte budget, evicting the least recently used answer first', () => {
    const answers = new LastGoodAnswers(15_000); // two of these answers fit, three do not
    const keys = ['a', 'b', 'c'].map((question) => answers.keyOf('XII', { question }, 'v1'));
    answers.remember(keys[0]!, answer(3_000));
    answers.remember(keys[1]!, answer(3_000));
    expect(answers.recall(keys[0]!)).toBeDefined(); // a is now the most recent
    answers.remember(keys[2]!, answer(3_000));
    expect(answers.usedBytes).toBeLessThanOrEqual(15_000);
    expect(answers.recall(keys[1]!)).toBeUndefined();
    expect(answers.recall(keys[0]!)?.body).toEqual(answer(3_000));
    expect(answers.recall(keys[2]!)?.body).toEqual(answer(3_000));
  });

  it('keys by region, request and data version', () => {
    const answers = new LastGoodAnswers();
    answers.remember(answers.keyOf('XII', { question: 'a' }, 'v1'), answer(10), Date.parse('2026-11-30T08:00:00Z'));
    expect(answers.recall(answers.keyOf('XII', { question: 'a' }, 'v1'))?.asOf.toISOString()).toBe(
      '2026-11-30T08:00:00.000Z',
    );
    expect(answers.recall(answers.keyOf('XII', { question: 'a' }, 'v2'))).toBeUndefined();
    expect(answers.recall(answers.keyOf('VI', { question: 'a' }, 'v1'))).toBeUndefined();
    expect(answers.recall(answers.keyOf('XII', { question: 'b' }, 'v1'))).toBeUndefined();
  });

  it('keeps nothing larger than its whole budget', () => {
    const answers = new LastGoodAnswers(1_000);
    answers.remember(answers.keyOf('XII', {}, 'v1'), answer(2_000));
    expect(answers.size).toBe(0);
  });
});
