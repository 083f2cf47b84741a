import { readFile } from 'node:fs/promises';
import { signSubgraphRequest } from '../security/subgraph-signature.ts';
import type { ListedSubgraph } from './subgraph-list.ts';

/** What composition takes of one subgraph: its name, the URL written into the supergraph, and its SDL. */
export interface SubgraphSchema {
  name: string;
  url: string;
  typeDefs: string;
}

const SERVICE_SDL_QUERY = '{ _service { sdl } }';

/**
 * A running subgraph's own SDL, from Federation's `_service { sdl }`. With `subgraphSecret` the request is
 * signed as the gateway signs its own (this repository's subgraphs answer nothing else off loopback).
 */
export async function fetchSubgraphSdl(
  url: string,
  options: { subgraphSecret?: string | undefined; timeoutMs?: number } = {},
): Promise<string> {
  const body = JSON.stringify({ query: SERVICE_SDL_QUERY });
  const signature = options.subgraphSecret
    ? signSubgraphRequest(options.subgraphSecret, {
        method: 'POST',
        path: new URL(url).pathname,
        body,
        callerHeaders: {},
      })
    : {};
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signature },
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  let answer: { data?: { _service?: { sdl?: unknown } } | null; errors?: unknown };
  try {
    answer = JSON.parse(text);
  } catch {
    throw new Error(`${url} answered HTTP ${response.status} with no GraphQL JSON: ${text.slice(0, 200)}`);
  }
  const sdl = answer.data?._service?.sdl;
  if (typeof sdl !== 'string')
    throw new Error(
      `${url} answered no SDL to ${SERVICE_SDL_QUERY} (HTTP ${response.status}): ${JSON.stringify(answer.errors)}`,
    );
  return sdl;
}

/** Each listed subgraph's SDL: its schemaFile, else what its URL answers to `_service { sdl }`. */
export function loadSubgraphSchemas(
  subgraphs: readonly ListedSubgraph[],
  options: { subgraphSecret?: string | undefined } = {},
): Promise<SubgraphSchema[]> {
  return Promise.all(
    subgraphs.map(async ({ name, url, schemaFile }) => {
      try {
        const typeDefs =
          schemaFile === undefined ? await fetchSubgraphSdl(url, options) : await readFile(schemaFile, 'utf8');
        return { name, url, typeDefs };
      } catch (error) {
        // fetch's own message is "fetch failed"; the reason (refused, timed out, DNS) is its cause.
        const cause = (error as Error).cause instanceof Error ? `: ${((error as Error).cause as Error).message}` : '';
        throw new Error(`subgraph "${name}": ${(error as Error).message}${cause}`);
      }
    }),
  );
}
