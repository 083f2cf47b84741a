import { describe, expect, it } from 'vitest';
import { redisCommandTimeout } from '../../gateway/redis/redis-command-timeout.ts';

const TIMEOUT_MS = 10;

/** A command a test answers (or fails) when it chooses, as a hung Redis resumed or dropped would. */
function heldCommand<T>() {
  let answer!: (value: T) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => {
    answer = resolve;
    fail = reject;
  });
  return { promise, answer, fail };
}

/** Lets every promise callback queued so far run. */
const settledCallbacks = () => new Promise((resolve) => setImmediate(resolve));

function timeoutCountingWarnings() {
  const warnings: Error[] = [];
  return { warnings, timeout: redisCommandTimeout({ timeoutMs: TIMEOUT_MS, onTimeout: (e) => warnings.push(e) }) };
}

describe('redisCommandTimeout', () => {
  it("gives a command's answer, or its failure, when it settles in time", async () => {
    const { timeout, warnings } = timeoutCountingWarnings();
    expect(
      await timeout.run(
        async () => 'cached',
        () => 'miss',
      ),
    ).toBe('cached');
    await expect(
      timeout.run(
        () => Promise.reject(new Error('over budget')),
        () => 'miss',
      ),
    ).rejects.toThrow('over budget');
    await expect(
      timeout.run(
        () => {
          throw new Error('thrown before any promise');
        },
        () => 'miss',
      ),
    ).rejects.toThrow('thrown before any promise');
    expect(warnings).toEqual([]);
    expect(timeout.unanswered).toBe(0);
  });

  it('gives otherwise() after the timeout, and at once without sending anything while that command hangs', async () => {
    const { timeout, warnings } = timeoutCountingWarnings();
    const hung = heldCommand<string>();
    const started = performance.now();
    expect(
      await timeout.run(
        () => hung.promise,
        () => 'miss',
      ),
    ).toBe('miss');
    expect(performance.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 1);
    expect(warnings.map((warning) => warning.message)).toEqual([`Redis did not answer within ${TIMEOUT_MS} ms`]);
    expect(timeout.unanswered).toBe(1);

    let sent = 0;
    const command = async () => {
      sent += 1;
      return 'cached';
    };
    expect(await Promise.all([timeout.run(command, () => 'miss'), timeout.run(command, () => 'miss')])).toEqual([
      'miss',
      'miss',
    ]);
    expect(sent, 'nothing queued behind the hung command').toBe(0);

    // Redis resumes: the late answer is dropped, and commands go through again.
    hung.answer('late');
    await settledCallbacks();
    expect(timeout.unanswered).toBe(0);
    expect(await timeout.run(command, () => 'miss')).toBe('cached');
    expect(sent).toBe(1);
  });

  it('lets commands through again when a hung command fails late (the connection was lost), unhandled nowhere', async () => {
    const { timeout } = timeoutCountingWarnings();
    const hung = heldCommand<string>();
    expect(
      await timeout.run(
        () => hung.promise,
        () => 'miss',
      ),
    ).toBe('miss');
    hung.fail(new Error('socket closed'));
    await settledCallbacks();
    expect(timeout.unanswered).toBe(0);
    expect(
      await timeout.run(
        async () => 'cached',
        () => 'miss',
      ),
    ).toBe('cached');
  });

  it('gives otherwise()’s own failure after a timeout (the rate limiter’s memory refusing a caller)', async () => {
    const { timeout } = timeoutCountingWarnings();
    const hung = heldCommand<string>();
    await expect(
      timeout.run(
        () => hung.promise,
        () => Promise.reject(new Error('budget spent')),
      ),
    ).rejects.toThrow('budget spent');
    await expect(
      timeout.run(
        async () => 'never sent',
        () => Promise.reject(new Error('budget spent')),
      ),
    ).rejects.toThrow('budget spent');
    hung.answer('late');
  });
});
