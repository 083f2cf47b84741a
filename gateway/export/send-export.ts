import type { Request, Response } from 'express';
import { bodyEntityTag, matchesIfNoneMatch } from './export-entity-tag.ts';
import type { GraphQLResultError } from './export-view.ts';
import { errorsHeaderOf, missingRegionsOf, staleRegionsOf } from './graphql-result-problems.ts';

export interface ExportResponse {
  body: string | Buffer;
  contentType: string;
  /** Offered to the browser or BI tool as the file name. */
  filename: string;
  disposition?: 'inline' | 'attachment';
  /** Errors of a partial answer: named in X-Missing-Regions, X-Stale-Regions and X-GraphQL-Errors. */
  errors: readonly GraphQLResultError[];
  /** Extra headers, e.g. the list a generic export took its rows from. */
  headers?: Record<string, string>;
  /** The ETag of the question (export-entity-tag.ts), for a complete answer; otherwise the body's own is used. */
  requestTag?: string;
}

/**
 * How long a complete export may be reused without asking: BI refreshes are minutes apart, the data changes on import.
 */
export const COMPLETE_CACHE_CONTROL = 'public, max-age=60';
/** A partial export (a region down) is revalidated every time, so that the region's rows return as soon as it does. */
const PARTIAL_CACHE_CONTROL = 'public, no-cache';

/**
 * Sends an export with ETag, Cache-Control and Content-Disposition, or 304 when the client's
 * If-None-Match already names this representation.
 */
export function sendExport(req: Request, res: Response, response: ExportResponse): void {
  const missingRegions = missingRegionsOf(response.errors).join(',');
  const errorsHeader = errorsHeaderOf(response.errors);
  const headers: Record<string, string> = { ...response.headers };
  if (missingRegions) headers['X-Missing-Regions'] = missingRegions;
  // Cells of a region that is down, served from its last good answer: the rows are there, but as of then.
  const staleRegions = staleRegionsOf(response.errors)
    .map(({ region, asOf }) => `${region} as of ${asOf}`)
    .join(', ');
  if (staleRegions) headers['X-Stale-Regions'] = staleRegions;
  if (errorsHeader) headers['X-GraphQL-Errors'] = errorsHeader;
  // A partial answer is tagged by its bytes and the headers that tell it apart, so that it never passes for the
  // complete one.
  const etag =
    response.requestTag && response.errors.length === 0 ? response.requestTag : bodyEntityTag(response.body, headers);

  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', response.errors.length ? PARTIAL_CACHE_CONTROL : COMPLETE_CACHE_CONTROL);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', response.contentType);
  res.setHeader('Content-Disposition', `${response.disposition ?? 'inline'}; filename="${response.filename}"`);
  res.setHeader(
    'Content-Length',
    typeof response.body === 'string' ? Buffer.byteLength(response.body, 'utf8') : response.body.length,
  );
  res.status(200).end(response.body);
}
