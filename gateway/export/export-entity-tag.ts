import { createHash } from 'node:crypto';

const hashOf = (...parts: Array<string | Buffer>) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('base64url').slice(0, 32);
};

/**
 * The ETag of a complete export, known before anything is computed: the data version (every import moves it)
 * and the normalised request (view, format, dialect, parameters, the caller's roles). The same tag means the
 * same question over the same data, so a matching If-None-Match answers 304 without asking the regions.
 */
export function requestEntityTag(dataVersion: string, request: unknown): string {
  return `"v-${hashOf(dataVersion, JSON.stringify(request))}"`;
}

/**
 * The ETag of an answer known only once computed (a partial one, or any without a data version): its bytes and
 * headers.
 */
export function bodyEntityTag(body: string | Buffer, headers: Record<string, string>): string {
  return `"${hashOf(body, JSON.stringify(Object.entries(headers).sort()))}"`;
}

/** RFC 9110 weak comparison, as GET requires: `W/` is ignored, `*` matches anything. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const candidate = tag.trim();
    return candidate === '*' || candidate.replace(/^W\//, '') === etag;
  });
}
