import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A signal that aborts when the client closes the connection before its answer was sent, so that the
 * subgraph calls still running for it stop instead of working for nobody.
 */
export function abortWhenClientLeaves(req: IncomingMessage, res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) controller.abort(new Error('the client closed the connection'));
  };
  res.once('close', onClose);
  req.once('aborted', onClose);
  return controller.signal;
}
