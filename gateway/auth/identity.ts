/** Who asked: set once per request by authentication, read by limits, the cache key and the subgraph headers. */
export interface Identity {
  /** The token's `sub`, the API key's name, or "anonymous". */
  subject: string;
  roles: readonly string[];
  via: 'jwt' | 'api-key' | 'anonymous';
}

/** The role that may read everything the graph serves. */
export const ANALYST_ROLE = 'analyst';

export const ANONYMOUS: Identity = Object.freeze({ subject: 'anonymous', roles: Object.freeze([]), via: 'anonymous' });

export const hasRole = (identity: Identity, role: string): boolean => identity.roles.includes(role);

/**
 * Every caller when AUTH_MODE=off: nobody is asked who they are, so everyone reads as an analyst would (the
 * health detail, introspection). Only for a gateway that only trusted callers reach, such as `npm start` on
 * 127.0.0.1. Rate budgets still key an anonymous caller by its address.
 */
export const UNAUTHENTICATED_ANALYST: Identity = Object.freeze({
  subject: 'anonymous',
  roles: Object.freeze([ANALYST_ROLE]),
  via: 'anonymous',
});
