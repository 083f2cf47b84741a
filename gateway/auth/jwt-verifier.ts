import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config.ts';
import { AuthenticationFailure } from './authentication-failure.ts';
import type { Identity } from './identity.ts';

/** Verifies a caller's JWT; resolves to who it names, or throws an AuthenticationFailure saying what was wrong. */
export type JwtVerifier = (token: string) => Promise<Identity>;

/** Asymmetric algorithms only: never `none`, and never HS*, which would let anyone holding the public key sign. */
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const EC_ALGORITHM_BY_CURVE: Record<string, string> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };
const EDDSA_ALGORITHMS = ['EdDSA', 'Ed25519'];
const ASYMMETRIC_ALGORITHMS = [...RSA_ALGORITHMS, ...Object.values(EC_ALGORITHM_BY_CURVE), ...EDDSA_ALGORITHMS];

/** Clocks of the provider and the gateway may differ by this much. */
const CLOCK_TOLERANCE_SECONDS = 30;
/**
 * A provider's key set is fetched with this timeout, kept this long, and fetched again at most this often for an
 * unknown kid.
 */
const JWKS_OPTIONS = { timeoutDuration: 5_000, cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 };

/** A PEM public key (SPKI) or X.509 certificate, and the algorithms that key type may sign with. */
async function readPublicKey(file: string): Promise<{ key: KeyObject; algorithms: string[] }> {
  const pem = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`AUTH_JWT_PUBLIC_KEY_FILE: cannot read ${file} (${error.code ?? error.message})`);
  });
  let key: KeyObject;
  try {
    key = pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
  } catch (error) {
    throw new Error(
      'AUTH_JWT_PUBLIC_KEY_FILE: expected a PEM public key (BEGIN PUBLIC KEY) or certificate (BEGIN CERTIFICATE) ' +
        `in ${file}; ${(error as Error).message}`,
    );
  }
  if (key.type !== 'public')
    throw new Error(`AUTH_JWT_PUBLIC_KEY_FILE: ${file} holds a ${key.type} key; give the gateway the public key only`);
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return { key, algorithms: RSA_ALGORITHMS };
  if (type === 'rsa-pss') return { key, algorithms: RSA_ALGORITHMS.filter((algorithm) => algorithm.startsWith('PS')) };
  if (type === 'ed25519') return { key, algorithms: EDDSA_ALGORITHMS };
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (type === 'ec' && curve && EC_ALGORITHM_BY_CURVE[curve])
    return { key, algorithms: [EC_ALGORITHM_BY_CURVE[curve]!] };
  throw new Error(
    `AUTH_JWT_PUBLIC_KEY_FILE: a ${type}${curve ? ` (${curve})` : ''} key in ${file}; expected RSA, ` +
      'EC P-256/P-384/P-521 or Ed25519',
  );
}

/**
 * A provider's key set whose fetch failures are told apart from bad tokens: they are the gateway's problem, not the
 * caller's.
 */
function remoteKeySet(url: string): JWTVerifyGetKey {
  const keySet = createRemoteJWKSet(new URL(url), JWKS_OPTIONS);
  return async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (error) {
      if (
        error instanceof errors.JWKSNoMatchingKey ||
        error instanceof errors.JWKSMultipleMatchingKeys ||
        error instanceof errors.JOSEAlgNotAllowed ||
        error instanceof errors.JOSENotSupported
      )
        throw error;
      // The client hears what happened, not where: the URL goes to the log with the cause.
      throw AuthenticationFailure.keysUnavailable(
        "The identity provider's signing keys could not be fetched; try again shortly",
        new Error(`fetching ${url}: ${(error as Error).message}`, { cause: error }),
      );
    }
  };
}

const isoTime = (seconds: unknown) =>
  typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : 'an unreadable time';

/** jose's error → what the caller is told; the message never contains the token. */
function failureOf(
  error: unknown,
  expected: { issuer?: string; audience?: readonly string[]; algorithms: string[] },
): AuthenticationFailure {
  if (error instanceof AuthenticationFailure) return error;
  const invalid = AuthenticationFailure.invalidCredentials;
  if (error instanceof errors.JWTExpired) {
    return invalid(
      error.claim === 'exp'
        ? `The token expired at ${isoTime(error.payload.exp)}`
        : 'The token is too old (its "iat" is too far in the past)',
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const { claim, reason, payload } = error;
    if (reason === 'missing')
      return invalid(`The token has no "${claim}" claim${claim === 'exp' ? ': tokens must expire' : ''}`);
    if (claim === 'nbf') return invalid(`The token is not valid yet: not before ${isoTime(payload.nbf)}`);
    if (claim === 'iat')
      return invalid('The token was issued in the future (its "iat" is ahead of the gateway\'s clock)');
    if (claim === 'iss')
      return invalid(
        `The token's issuer ${JSON.stringify(payload.iss)} is not the expected ${JSON.stringify(expected.issuer)}`,
      );
    if (claim === 'aud')
      return invalid(
        `The token's audience ${JSON.stringify(payload.aud)} does not include this gateway ` +
          `(${expected.audience?.join(', ')})`,
      );
    return invalid(`The token's "${claim}" claim is invalid`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return invalid(
      "The token's signature does not verify with the identity provider's key: it was signed by another key or altered",
    );
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return invalid(`The token's signing algorithm is not accepted; expected one of ${expected.algorithms.join(', ')}`);
  }
  if (error instanceof errors.JWKSNoMatchingKey)
    return invalid('No key of the identity provider matches the token\'s "kid"');
  if (error instanceof errors.JWKSMultipleMatchingKeys)
    return invalid('Several keys of the identity provider match the token; it must name its key with "kid"');
  return invalid(
    'The token is malformed: expected a JWT (three base64url parts separated by dots) or an API key starting with bkn_',
  );
}

/** Roles from the `roles` claim: an array of strings; anything else gives no roles. */
export function rolesOf(payload: JWTPayload): readonly string[] {
  const roles = payload.roles;
  return Array.isArray(roles) && roles.every((role) => typeof role === 'string')
    ? Object.freeze([...roles])
    : Object.freeze([]);
}

/**
 * A verifier of the callers' JWTs, from AUTH_JWT_PUBLIC_KEY_FILE or AUTH_JWKS_URL; undefined when neither
 * is set (the gateway then accepts API keys only). Every token must carry `exp`.
 */
export async function createJwtVerifier(config: AuthConfig): Promise<JwtVerifier | undefined> {
  let key: KeyObject | JWTVerifyGetKey;
  let algorithms: string[];
  if (config.jwtPublicKeyFile) ({ key, algorithms } = await readPublicKey(config.jwtPublicKeyFile));
  else if (config.jwksUrl) [key, algorithms] = [remoteKeySet(config.jwksUrl), ASYMMETRIC_ALGORITHMS];
  else return undefined;
  const options = {
    algorithms,
    issuer: config.issuer,
    audience: config.audience ? [...config.audience] : undefined,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['exp'],
  };
  return async (token) => {
    try {
      const { payload } =
        typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
      return Object.freeze({
        subject: typeof payload.sub === 'string' && payload.sub ? payload.sub : 'unnamed token',
        roles: rolesOf(payload),
        via: 'jwt' as const,
      });
    } catch (error) {
      throw failureOf(error, { issuer: config.issuer, audience: config.audience, algorithms });
    }
  };
}
