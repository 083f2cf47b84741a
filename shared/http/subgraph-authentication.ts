import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import {
  decodeCaller,
  SIGNATURE_HEADERS,
  SubgraphRequestVerifier,
  type PendingSignature,
  type SubgraphCaller,
} from '../security/subgraph-signature.ts';

/** Who asked, as a subgraph knows it: from signed headers, or (without SUBGRAPH_SECRET) as the headers claim. */
export interface AuthenticatedCaller extends SubgraphCaller {
  signed: boolean;
}

/** A refused signature: the JSON error handler answers it 401 UNAUTHENTICATED. */
export class SubgraphAuthenticationError extends Error {
  readonly status = 401;
  readonly type = 'subgraph.unauthenticated';
}

interface RequestState {
  pending?: PendingSignature;
  caller?: AuthenticatedCaller;
}

const states = new WeakMap<IncomingMessage, RequestState>();

/** The caller of a request that passed `subgraphAuthentication`; undefined before. */
export const callerOf = (req: IncomingMessage): AuthenticatedCaller | undefined => states.get(req)?.caller;

const pathOf = (req: IncomingMessage & { originalUrl?: string }) => req.originalUrl ?? req.url ?? '/';

export interface SubgraphAuthentication {
  /** First: refuses a request without fresh, well-formed signature headers before its body is read. */
  checkHeaders: RequestHandler;
  /** express.json's `verify`: the HMAC over the raw body, then the replay guard, before JSON.parse. */
  verifyBody: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;
  /** After the body parser: refuses what never reached `verifyBody` (no body, or not JSON). */
  requireVerified: RequestHandler;
}

/**
 * With a secret, every request must be signed by the gateway (shared/security/subgraph-signature.ts);
 * without one (development on loopback), requests pass and the caller is what the headers claim.
 */
export function subgraphAuthentication(secret: string | undefined): SubgraphAuthentication {
  if (!secret) {
    return {
      checkHeaders: (req, _res, next) => {
        const caller = decodeCaller(req.get(SIGNATURE_HEADERS.caller), req.get(SIGNATURE_HEADERS.roles));
        states.set(req, { caller: { ...caller, signed: false } });
        next();
      },
      verifyBody: () => {},
      requireVerified: (_req, _res, next) => next(),
    };
  }
  const verifier = new SubgraphRequestVerifier(secret);
  return {
    checkHeaders: (req, _res, next) => {
      const verdict = verifier.checkHeaders(req.method, pathOf(req), req.headers);
      if (!verdict.ok) return next(new SubgraphAuthenticationError(verdict.reason));
      states.set(req, { pending: verdict.value });
      next();
    },
    verifyBody: (req, _res, body) => {
      const state = states.get(req);
      if (!state?.pending) throw new SubgraphAuthenticationError('the request is not signed');
      const verdict = verifier.verifyBody(state.pending, body);
      if (!verdict.ok) throw new SubgraphAuthenticationError(verdict.reason);
      state.caller = { ...verdict.value, signed: true };
    },
    requireVerified: (req, _res, next) => {
      if (!states.get(req)?.caller)
        return next(new SubgraphAuthenticationError('the request carries no signed JSON body'));
      next();
    },
  };
}
