import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { assertPortFree, listen, PortInUseError } from '../../shared/http/listen.ts';

describe('a port already in use', () => {
  it('is refused with the port and the setting that picks another, by listen and by assertPortFree', async () => {
    const holder = await listen(createServer(), 0, '127.0.0.1');
    try {
      const refusal = await listen(createServer(), holder.port, '127.0.0.1', 'SUBGRAPHS_PORT').catch(
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(PortInUseError);
      expect((refusal as Error).message).toBe(
        `port ${holder.port} on 127.0.0.1 is already in use (is another instance running?). Stop it, ` +
          `or pick another port with SUBGRAPHS_PORT, e.g. SUBGRAPHS_PORT=${holder.port + 1}`,
      );
      await expect(assertPortFree(holder.port, '127.0.0.1')).rejects.toThrow(
        `port ${holder.port} on 127.0.0.1 is already in use`,
      );
    } finally {
      await holder.close();
    }
    // Free again: the probe binds and lets go.
    await expect(assertPortFree(holder.port, '127.0.0.1')).resolves.toBeUndefined();
  });
});
