import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { GraphQLResultError } from './export-view.ts';
import { errorsHeaderOf, missingRegionsOf, staleRegionsOf } from './graphql-result-problems.ts';

export interface ExportResponse {
  body: string;
  contentType: string;
  /** Offered to the browser or BI tool as the file name. */
  filename: string;
  /** Errors of a partial answer: named in X-Missing-Regions, X-Stale-Regions and X-GraphQL-Errors. */
  errors: readonly GraphQLResultError[];
  /** Extra headers, e.g. the list a generic export took its rows from. */
  headers?: Record<string, string>;
}

/** How long a complete export may be reused without asking: BI refreshes are minutes apart, the data changes on import. */
const COMPLETE_CACHE_CONTROL = 'public, max-age=60';
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
  const staleRegions = staleRegionsOf(response.errors).map(({ region, asOf }) => `${region} as of ${asOf}`).join(', ');
  if (staleRegions) headers['X-Stale-Regions'] = staleRegions;
  if (errorsHeader) headers['X-GraphQL-Errors'] = errorsHeader;
  // The headers that tell a partial answer apart belong to the representation: a 304 must not hide them changing.
  const etag = entityTagOf(response.body, headers);

  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', response.errors.length ? PARTIAL_CACHE_CONTROL : COMPLETE_CACHE_CONTROL);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', response.contentType);
  res.setHeader('Content-Disposition', `inline; filename="${response.filename}"`);
  res.setHeader('Content-Length', Buffer.byteLength(response.body, 'utf8'));
  res.status(200).end(response.body, 'utf8');
}

function entityTagOf(body: string, headers: Record<string, string>): string {
  const hash = createHash('sha256').update(body, 'utf8').update(JSON.stringify(Object.entries(headers).sort())).digest('base64url');
  return `"${hash.slice(0, 32)}"`;
}

/** RFC 9110 weak comparison, as GET requires: `W/` is ignored, `*` matches anything. */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const candidate = tag.trim();
    return candidate === '*' || candidate.replace(/^W\//, '') === etag;
  });
}
