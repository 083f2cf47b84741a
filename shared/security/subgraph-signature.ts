import { createHmac, timingSafeEqual } from 'node:crypto';
import { pooledRandomBytes } from './pooled-random-bytes.ts';

/**
 * Requests from the gateway to a subgraph carry an HMAC-SHA256 over the method, the path, a timestamp, a
 * nonce, the caller's identity and the body, keyed by the secret only the gateway and the subgraphs share
 * (SUBGRAPH_SECRET). A subgraph answers only requests that carry a valid, fresh signature it has not seen.
 */
export const SIGNATURE_HEADERS = {
  timestamp: 'x-bkn-timestamp',
  nonce: 'x-bkn-nonce',
  signature: 'x-bkn-signature',
  caller: 'x-bkn-caller',
  roles: 'x-bkn-roles',
} as const;

/** A signature older than this is stale: a replay guard has to remember signatures only this long. */
export const SIGNATURE_MAX_AGE_MS = 60_000;
/** Clock skew tolerated between the gateway and a subgraph. */
export const SIGNATURE_MAX_FUTURE_MS = 5_000;
/** The fewest characters SUBGRAPH_SECRET may have (e.g. `openssl rand -hex 32` gives 64). */
export const MIN_SECRET_LENGTH = 32;

const SCHEME = 'v1';

/** Who a subgraph request is for: the gateway's caller, or the gateway itself for its own calls. */
export interface SubgraphCaller {
  subject: string;
  roles: readonly string[];
}

/** The gateway's own requests (health checks, data version polls) are for no client. */
export const GATEWAY_CALLER: SubgraphCaller = Object.freeze({ subject: 'gateway', roles: Object.freeze([]) });

/** Header values are ASCII: subjects and roles travel percent-encoded, roles comma-separated. */
export const encodeCallerHeaders = (caller: SubgraphCaller): Record<string, string> => ({
  [SIGNATURE_HEADERS.caller]: encodeURIComponent(caller.subject),
  [SIGNATURE_HEADERS.roles]: caller.roles.map(encodeURIComponent).join(','),
});

function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function decodeCaller(caller: string | undefined, roles: string | undefined): SubgraphCaller {
  return {
    subject: caller ? decodeComponent(caller) : GATEWAY_CALLER.subject,
    roles: roles ? roles.split(',').filter(Boolean).map(decodeComponent) : [],
  };
}

/** The signed parts of a request, as they travel: the header values exactly as sent. */
interface SignedParts {
  method: string;
  path: string;
  timestamp: string;
  nonce: string;
  caller: string;
  roles: string;
}

function computeSignature(secret: string, parts: SignedParts, body: Uint8Array): Buffer {
  // One field per line; none can hold a newline (a path, digits, hex, percent-encoded text), so no two
  // different requests share a signed text.
  const head = [
    SCHEME,
    parts.method.toUpperCase(),
    parts.path,
    parts.timestamp,
    parts.nonce,
    parts.caller,
    parts.roles,
  ].join('\n');
  return createHmac('sha256', secret).update(head).update('\n').update(body).digest();
}

/**
 * The headers that sign one request: timestamp, nonce, caller, roles and the signature over all of them and
 * the body. `callerHeaders` are encodeCallerHeaders' output (empty: the gateway's own request).
 */
export function signSubgraphRequest(
  secret: string,
  request: {
    method: string;
    path: string;
    body: string | Uint8Array;
    callerHeaders: Record<string, string>;
    now?: number;
  },
): Record<string, string> {
  const parts: SignedParts = {
    method: request.method,
    path: request.path,
    timestamp: String(request.now ?? Date.now()),
    nonce: pooledRandomBytes(12).toString('hex'),
    caller: request.callerHeaders[SIGNATURE_HEADERS.caller] ?? '',
    roles: request.callerHeaders[SIGNATURE_HEADERS.roles] ?? '',
  };
  const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
  return {
    [SIGNATURE_HEADERS.timestamp]: parts.timestamp,
    [SIGNATURE_HEADERS.nonce]: parts.nonce,
    [SIGNATURE_HEADERS.caller]: parts.caller,
    [SIGNATURE_HEADERS.roles]: parts.roles,
    [SIGNATURE_HEADERS.signature]: `${SCHEME}=${computeSignature(secret, parts, body).toString('hex')}`,
  };
}

/**
 * Remembers the signatures accepted within the freshness window, so that each is accepted once. Memory is
 * bounded: when `capacity` signatures are remembered, the oldest one is forgotten and the horizon moves to
 * its timestamp, and every request signed at or before the horizon is refused from then on, so that no
 * forgotten signature can be replayed (under such load, a request delayed past the horizon is refused too).
 */
export class ReplayGuard {
  /** signature → its timestamp, in the order accepted. */
  private readonly remembered = new Map<string, number>();
  private horizon = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly maxAgeMs = SIGNATURE_MAX_AGE_MS,
    readonly capacity = 50_000,
  ) {}

  get size(): number {
    return this.remembered.size;
  }

  /** True the first time a signature is offered; false for one seen before (or signed at or before the horizon). */
  accept(signature: string, timestamp: number, now = Date.now()): boolean {
    // Whatever is older than the window is refused as stale before it gets here: it need not be remembered.
    for (const [old, signedAt] of this.remembered) {
      if (signedAt >= now - this.maxAgeMs) break;
      this.remembered.delete(old);
    }
    if (timestamp <= this.horizon || this.remembered.has(signature)) return false;
    if (this.remembered.size >= this.capacity) {
      const [oldest, signedAt] = this.remembered.entries().next().value!;
      this.remembered.delete(oldest);
      this.horizon = Math.max(this.horizon, signedAt);
      if (timestamp <= this.horizon) return false;
    }
    this.remembered.set(signature, timestamp);
    return true;
  }
}

export type Verdict<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A request whose headers passed: fresh and well-formed, its body not yet read. */
export interface PendingSignature {
  parts: SignedParts;
  signedAt: number;
  signature: Buffer;
}

type Headers = Record<string, string | string[] | undefined>;

const single = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
};

/** Verifies subgraph requests in two steps: the headers before the body is read, then the body's HMAC and replay. */
export class SubgraphRequestVerifier {
  readonly replayGuard: ReplayGuard;
  private readonly maxAgeMs: number;
  private readonly maxFutureMs: number;

  constructor(
    private readonly secret: string,
    options: { maxAgeMs?: number; maxFutureMs?: number; replayCapacity?: number } = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? SIGNATURE_MAX_AGE_MS;
    this.maxFutureMs = options.maxFutureMs ?? SIGNATURE_MAX_FUTURE_MS;
    this.replayGuard = new ReplayGuard(this.maxAgeMs, options.replayCapacity);
  }

  /** Step 1, before reading the body: the signature headers are there, well-formed and fresh. */
  checkHeaders(method: string, path: string, headers: Headers, now = Date.now()): Verdict<PendingSignature> {
    const timestamp = single(headers, SIGNATURE_HEADERS.timestamp);
    const nonce = single(headers, SIGNATURE_HEADERS.nonce);
    const signature = single(headers, SIGNATURE_HEADERS.signature);
    if (!timestamp || !nonce || !signature) {
      return {
        ok: false,
        reason:
          `the request is not signed: expected headers ${SIGNATURE_HEADERS.timestamp}, ` +
          `${SIGNATURE_HEADERS.nonce} and ${SIGNATURE_HEADERS.signature}`,
      };
    }
    if (!/^\d{1,15}$/.test(timestamp))
      return {
        ok: false,
        reason: `${SIGNATURE_HEADERS.timestamp} must be Unix milliseconds; got "${timestamp.slice(0, 40)}"`,
      };
    const signedAt = Number(timestamp);
    if (signedAt < now - this.maxAgeMs)
      return {
        ok: false,
        reason:
          `the signature is stale: signed ${Math.round((now - signedAt) / 1000)} s ago, ` +
          `at most ${this.maxAgeMs / 1000} s are accepted`,
      };
    if (signedAt > now + this.maxFutureMs)
      return {
        ok: false,
        reason: `the signature is from the future: signed ${Math.round((signedAt - now) / 1000)} s ahead of this clock`,
      };
    if (!/^[0-9a-f]{8,64}$/.test(nonce)) return { ok: false, reason: `${SIGNATURE_HEADERS.nonce} must be hexadecimal` };
    const match = /^v1=([0-9a-f]{64})$/.exec(signature);
    if (!match) return { ok: false, reason: `${SIGNATURE_HEADERS.signature} must be "v1=" and 64 hexadecimal digits` };
    const parts: SignedParts = {
      method,
      path,
      timestamp,
      nonce,
      caller: single(headers, SIGNATURE_HEADERS.caller) ?? '',
      roles: single(headers, SIGNATURE_HEADERS.roles) ?? '',
    };
    return { ok: true, value: { parts, signedAt, signature: Buffer.from(match[1]!, 'hex') } };
  }

  /**
   * Step 2, once the whole body arrived: the HMAC matches (constant-time) and the signature was not seen
   * before. Only here is it remembered, so a request that never arrived whole leaves no trace.
   */
  verifyBody(pending: PendingSignature, body: Uint8Array, now = Date.now()): Verdict<SubgraphCaller> {
    const expected = computeSignature(this.secret, pending.parts, body);
    if (!timingSafeEqual(expected, pending.signature))
      return { ok: false, reason: 'the signature does not match the request' };
    if (!this.replayGuard.accept(pending.signature.toString('hex'), pending.signedAt, now)) {
      return { ok: false, reason: 'the signature was used before: a request is accepted once' };
    }
    return { ok: true, value: decodeCaller(pending.parts.caller, pending.parts.roles) };
  }
}
