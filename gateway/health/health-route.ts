import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { ANALYST_ROLE, ANONYMOUS, hasRole, type Identity } from '../auth/identity.ts';
import { checkSubgraphHealth, type SubgraphEndpoint, type SubgraphStatus } from './subgraph-health.ts';

/** Load balancers poll /health every few seconds; one round of subgraph calls serves them all this long. */
const CHECK_REUSE_MS = 5_000;

/**
 * GET /health: `{ status }` for anyone (ok or degraded), and for an analyst also each subgraph and region
 * with its state and latency, never its address. The subgraphs are asked at most once per CHECK_REUSE_MS,
 * however many callers poll.
 */
export function createHealthRoute(options: {
  endpoints: readonly SubgraphEndpoint[];
  ping: (url: string) => Promise<unknown>;
  /** Who asks; a caller whose credentials fail is answered as anonymous (the status alone). */
  identify: (headers: IncomingHttpHeaders) => Promise<Identity>;
}): RequestHandler {
  let last: { at: number; subgraphs: Promise<SubgraphStatus[]> } | undefined;
  const subgraphStatuses = () => {
    if (!last || performance.now() - last.at > CHECK_REUSE_MS)
      last = { at: performance.now(), subgraphs: checkSubgraphHealth([...options.endpoints], options.ping) };
    return last.subgraphs;
  };
  return async (req, res) => {
    const [identity, subgraphs] = await Promise.all([
      options.identify(req.headers).catch(() => ANONYMOUS),
      subgraphStatuses(),
    ]);
    const status = subgraphs.every((subgraph) => subgraph.status === 'up') ? 'ok' : 'degraded';
    res.setHeader('Cache-Control', 'no-store');
    if (!hasRole(identity, ANALYST_ROLE)) return void res.json({ status });
    res.json({ status, supergraph: 'loaded', subgraphs: subgraphs.map(({ url: _url, ...detail }) => detail) });
  };
}
