import { randomUUID } from 'node:crypto';

/** Client-chosen or new: carried in every log line and forwarded to subgraphs as x-request-id. */
export function requestIdOf(headers: Record<string, string | string[] | undefined>): string {
  const header = headers['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : randomUUID();
}
