export interface SubgraphEndpoint {
  name: string;
  region?: string;
  url: string;
}

export interface SubgraphStatus extends SubgraphEndpoint {
  status: 'up' | 'down';
  error?: string;
  latencyMs: number;
}

/** Asks every subgraph (and every region of the sharded one) for `{ __typename }`, all at once. */
export function checkSubgraphHealth(
  endpoints: SubgraphEndpoint[],
  ping: (url: string) => Promise<unknown>,
): Promise<SubgraphStatus[]> {
  return Promise.all(
    endpoints.map(async (endpoint) => {
      const started = performance.now();
      try {
        await ping(endpoint.url);
        return { ...endpoint, status: 'up' as const, latencyMs: Math.round(performance.now() - started) };
      } catch (error) {
        return {
          ...endpoint,
          status: 'down' as const,
          error: (error as Error).message,
          latencyMs: Math.round(performance.now() - started),
        };
      }
    }),
  );
}
