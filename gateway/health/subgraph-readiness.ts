import { request, type Dispatcher } from 'undici';
import type { SubgraphEndpoint } from './subgraph-health.ts';

const PROBE_TIMEOUT_MS = 2_000;

/**
 * Asks the subgraph serving `graphqlUrl` for GET /ready at the same origin: rejects with its reason when it
 * answers 503 (its database is gone, its schema not ready), so that /health shows it down, though its
 * `{ __typename }` still answers. A subgraph without the probe (another supergraph's, 404) counts as ready.
 */
export async function checkSubgraphReady(agent: Dispatcher, graphqlUrl: string): Promise<void> {
  const response = await request(new URL('/ready', graphqlUrl), {
    method: 'GET',
    dispatcher: agent,
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
  });
  const text = await response.body.text();
  if (response.statusCode !== 503) return;
  let reason = 'not ready';
  try {
    const parsed = JSON.parse(text) as { reason?: unknown };
    if (typeof parsed.reason === 'string') reason = `not ready: ${parsed.reason}`;
  } catch {
    // A 503 without our JSON body: the status says enough.
  }
  throw new Error(reason);
}

/**
 * The gateway's readiness: its supergraph is loaded (the server is started before it listens) and every
 * unsharded subgraph (national) has answered once. Once they have, it stays ready: a national outage later
 * makes /health degraded, not the gateway unready, since regional data still flows without national.
 */
export function gatewayReadiness(
  endpoints: readonly SubgraphEndpoint[],
  ping: (url: string) => Promise<unknown>,
): () => Promise<void> {
  let answered = false;
  return async () => {
    if (answered) return;
    for (const endpoint of endpoints.filter((candidate) => candidate.region === undefined)) {
      try {
        await ping(endpoint.url);
      } catch (error) {
        throw new Error(`the ${endpoint.name} service has not answered yet (${(error as Error).message})`, {
          cause: error,
        });
      }
    }
    answered = true;
  };
}
