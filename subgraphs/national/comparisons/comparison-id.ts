import { badUserInput } from '../../../shared/errors/error-codes.ts';

/**
 * A comparison's parameters travel in its entity id: @requires must not pass through a field with
 * arguments (federation#2276), so the question lives in the key. base64url of JSON, opaque to clients.
 */
export function encodeComparisonId(kind: string, parameters: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ kind, ...parameters })).toString('base64url');
}

export function decodeComparisonId<Parameters>(kind: string, id: string): Parameters {
  try {
    const decoded = JSON.parse(Buffer.from(id, 'base64url').toString('utf8')) as { kind?: string };
    if (decoded.kind === kind) return decoded as Parameters;
  } catch {
    // fall through to the error below
  }
  throw badUserInput(`Not a ${kind} comparison id: "${id}"`, { argument: 'id', value: id });
}
