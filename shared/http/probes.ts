import type { Router } from 'express';

/** A readiness check answers within this long or counts as failed: a probe must not hang on a hung database. */
const READY_CHECK_TIMEOUT_MS = 2_000;

export interface ProbeOptions {
  /** Resolves when the process can serve; rejects with the reason it cannot (said in the 503 body). */
  ready: () => Promise<void>;
  /** Aborted once the process is stopping: from then on /ready answers 503, so that traffic moves away. */
  stopping?: AbortSignal;
}

/**
 * GET /live: 200 while the process runs (restart it when this fails). GET /ready: 200 when it can serve,
 * 503 with the reason otherwise (send it no traffic; do not restart it). Neither needs credentials, and
 * neither says more than a short reason.
 */
export function mountProbes(routes: Router, options: ProbeOptions): void {
  routes.get('/live', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'live' });
  });
  routes.get('/ready', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (options.stopping?.aborted) return void res.status(503).json({ status: 'unready', reason: 'stopping' });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        options.ready(),
        new Promise(
          (_, reject) =>
            (timer = setTimeout(
              () => reject(new Error(`no answer within ${READY_CHECK_TIMEOUT_MS} ms`)),
              READY_CHECK_TIMEOUT_MS,
            )),
        ),
      ]);
      res.json({ status: 'ready' });
    } catch (error) {
      res.status(503).json({ status: 'unready', reason: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  });
}

/** A subgraph can serve once its schema is migrated and its database answers. */
export function subgraphReadiness(
  graphql: { isPrepared(): boolean },
  database: { ping(): Promise<unknown> },
): () => Promise<void> {
  return async () => {
    if (!graphql.isPrepared()) throw new Error('the schema is not migrated yet: waiting for the database');
    await database.ping();
  };
}

/** A subgraph's probes and its GET /health: `ok` or `degraded` with its database's state, and what `describe` adds. */
export function mountSubgraphProbes(
  routes: Router,
  options: ProbeOptions & { describe?: Record<string, string> },
): void {
  mountProbes(routes, options);
  routes.get('/health', async (_req, res) => {
    const state = await options.ready().then(
      () => 'up',
      () => 'down',
    );
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: state === 'up' ? 'ok' : 'degraded', ...options.describe, database: state });
  });
}
