import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { operationSignal } from '../../gateway/deadline/operation-deadline.ts';
import { releasableTimeout } from '../../gateway/deadline/releasable-timeout.ts';

describe('releasableTimeout', () => {
  it('aborts after its timeout with a TimeoutError, as AbortSignal.timeout does', async () => {
    const { signal } = releasableTimeout(20);
    expect(signal.aborted).toBe(false);
    await sleep(60);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).name).toBe('TimeoutError');
  });

  it('aborts at once with the reason of the first parent that aborts', () => {
    const client = new AbortController();
    const other = new AbortController();
    const { signal } = releasableTimeout(60_000, [client.signal, other.signal]);
    const reason = new Error('the client left');
    client.abort(reason);
    other.abort(new Error('later'));
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
  });

  it('starts aborted when a parent already is', () => {
    const client = new AbortController();
    client.abort(new Error('gone'));
    const { signal } = releasableTimeout(60_000, [client.signal]);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('gone');
  });

  it('once released, neither its timer nor its parents abort it', async () => {
    const client = new AbortController();
    const { signal, release } = releasableTimeout(20, [client.signal]);
    release();
    await sleep(60);
    client.abort(new Error('after the work was over'));
    expect(signal.aborted).toBe(false);
  });

  it("takes a listener for each subgraph call of an operation, beyond node's ten, without a leak warning", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const operation = operationSignal(60_000);
    const calls = Array.from({ length: 30 }, () => releasableTimeout(60_000, [operation]));
    await sleep(10);
    process.off('warning', onWarning);
    for (const call of calls) call.release();
    expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
  });
});
