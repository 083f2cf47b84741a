// The page asks the gateway's own /graphql, with the token or API key pasted in its header (page-credential.js).

import { withCredential } from '../../auth/page-credential.js';

export const GRAPHQL_URL = new URL('graphql', document.baseURI).href;

export interface GraphQLError {
  message: string;
  extensions?: Record<string, any>;
}

export interface GraphQLAnswer<Data = any> {
  data?: Data | null;
  errors?: GraphQLError[];
}

/** The gateway refused the credential (401) or its role (403); the page says so beside the field. */
export class RefusedError extends Error {
  constructor(
    readonly status: number,
    reason: string | undefined,
  ) {
    super(
      status === 403
        ? `Gateway menolak (403 FORBIDDEN)${reason ? `: ${reason}` : ''}. Tempelkan token atau kunci API dengan peran analyst di kolom «Token atau kunci API» di atas.`
        : `Gateway meminta kredensial (401 UNAUTHENTICATED)${reason ? `: ${reason}` : ''}. Tempelkan token atau kunci API di kolom «Token atau kunci API» di atas.`,
    );
  }
}

/** A 401 or 403 answer as a RefusedError carrying the gateway's reason. */
export async function refusalOf(response: Response): Promise<RefusedError> {
  const body = await response
    .clone()
    .json()
    .catch(() => null);
  return new RefusedError(response.status, body?.errors?.[0]?.message);
}

export async function postGraphQL<Data = any>(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLAnswer<Data>> {
  const response = await fetch(GRAPHQL_URL, {
    method: 'POST',
    headers: withCredential({ 'content-type': 'application/json', accept: 'application/json' }),
    body: JSON.stringify({ query, variables }),
  });
  if (response.status === 401 || response.status === 403) throw await refusalOf(response);
  const body = (await response.json().catch(() => null)) as GraphQLAnswer<Data> | null;
  if (!body || (!body.data && !body.errors))
    throw new Error(`Expected a GraphQL answer from ${GRAPHQL_URL}, got HTTP ${response.status}`);
  return body;
}
