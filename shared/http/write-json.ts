import type { ServerResponse } from 'node:http';

/** Answers `body` as JSON with `status` in one write, on node:http (no express response helpers). */
export function writeJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  const text = JSON.stringify(body);
  // Stated, not left to node: behind the gateway's compression node would send the answer chunked.
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}
