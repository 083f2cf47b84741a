import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A signal that aborts when the connection closes before the answer was sent (the gateway gave up on the
 * request: its client left, its deadline passed, or its timeout for this service fired), so that work
 * still queued for the request is not started for nobody.
 */
export function abortWhenConnectionCloses(req: IncomingMessage, res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const onClose = () => {
    if (!res.writableFinished)
      controller.abort(new Error('the caller closed the connection before the answer was sent'));
  };
  res.once('close', onClose);
  req.once('aborted', onClose);
  return controller.signal;
}
