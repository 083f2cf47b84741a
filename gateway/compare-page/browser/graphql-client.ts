// The page asks the gateway's own /graphql, with the token or API key pasted in its header (page-credential.js).

import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { withCredential } from '../../auth/page-credential.js';

export const GRAPHQL_URL = new URL('graphql', document.baseURI).href;

/** What the page reads of an error's extensions (the codes and their extensions: docs/errors.md). */
export interface GraphQLErrorExtensions {
  code?: string;
  region?: string;
  asOf?: string;
  [extension: string]: unknown;
}

export interface GraphQLError {
  message: string;
  extensions?: GraphQLErrorExtensions;
}

export interface GraphQLAnswer<Data> {
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
        ? `Gateway menolak (403 FORBIDDEN)${reason ? `: ${reason}` : ''}. Tempelkan token atau kunci API dengan ` +
            'peran analyst di kolom «Token atau kunci API» di atas.'
        : `Gateway meminta kredensial (401 UNAUTHENTICATED)${reason ? `: ${reason}` : ''}. ` +
            'Tempelkan token atau kunci API di kolom «Token atau kunci API» di atas.',
    );
  }
}

/** A 401 or 403 answer as a RefusedError carrying the gateway's reason. */
export async function refusalOf(response: Response): Promise<RefusedError> {
  const body: GraphQLAnswer<unknown> | null = await response
    .clone()
    .json()
    .catch(() => null);
  return new RefusedError(response.status, body?.errors?.[0]?.message);
}

/** Posts one of the page's operations; its answer has the type generated for that operation. */
export async function postGraphQL<Data, Variables>(
  operation: DocumentTypeDecoration<Data, Variables>,
  variables: Variables,
): Promise<GraphQLAnswer<Data>> {
  const response = await fetch(GRAPHQL_URL, {
    method: 'POST',
    headers: withCredential({ 'content-type': 'application/json', accept: 'application/json' }),
    body: JSON.stringify({ query: String(operation), variables }),
  });
  if (response.status === 401 || response.status === 403) throw await refusalOf(response);
  const body = (await response.json().catch(() => null)) as GraphQLAnswer<Data> | null;
  if (!body || (!body.data && !body.errors))
    throw new Error(`Expected a GraphQL answer from ${GRAPHQL_URL}, got HTTP ${response.status}`);
  return body;
}
