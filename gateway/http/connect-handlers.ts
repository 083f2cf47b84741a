import type { IncomingMessage, ServerResponse } from 'node:http';

/** A middleware as helmet, cors and compression write them: plain node:http in, `next` or `next(error)` out. */
export type ConnectHandler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Runs `handlers` in order on a request outside express. Resolves when the last calls `next()`, rejects with
 * the error one passes to `next`; stays pending when one answers the request itself (as a CORS preflight does),
 * which the caller never awaits past, since the request is then over.
 */
export function runConnectHandlers(
  handlers: readonly ConnectHandler[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const runFrom = (index: number) => (error?: unknown) => {
      if (error !== undefined) return reject(error);
      const handler = handlers[index];
      if (!handler) return resolve();
      try {
        handler(req, res, runFrom(index + 1));
      } catch (thrown) {
        reject(thrown);
      }
    };
    runFrom(0)();
  });
}
