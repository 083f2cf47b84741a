import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import vary from 'vary';
import { localsOf } from '../http/response-locals.ts';
import { requestIdOf } from '../../shared/http/graphql-middleware.ts';
import type { Logger } from '../../shared/logging/logger.ts';
import type { AuthConfig, AuthMode } from '../config.ts';
import { API_KEY_PREFIX } from './api-key-file.ts';
import { ApiKeyVerifier } from './api-key-verifier.ts';
import { AuthenticationFailure, sendAuthenticationFailure } from './authentication-failure.ts';
import { ANALYST_ROLE, ANONYMOUS, hasRole, UNAUTHENTICATED_ANALYST, type Identity } from './identity.ts';
import { createJwtVerifier, type JwtVerifier } from './jwt-verifier.ts';

export interface Authenticator {
  mode: AuthMode;
  /** Who sent these headers under the mode; throws an AuthenticationFailure to refuse the request. */
  identify(headers: IncomingHttpHeaders): Promise<Identity>;
}

/** The one credential a request carries: a bearer value or an X-API-Key; undefined when it carries none. */
function credentialOf(
  headers: IncomingHttpHeaders,
): { value: string; from: 'authorization' | 'x-api-key' } | undefined {
  const authorization = headers.authorization?.trim();
  const apiKeyHeader = headers['x-api-key'];
  const apiKey = (Array.isArray(apiKeyHeader) ? apiKeyHeader[0] : apiKeyHeader)?.trim();
  if (authorization && apiKey)
    throw AuthenticationFailure.invalidCredentials('Send one credential: Authorization or X-API-Key, not both');
  if (apiKey) return { value: apiKey, from: 'x-api-key' };
  if (!authorization) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match)
    throw AuthenticationFailure.invalidCredentials(
      `Expected Authorization: Bearer <JWT or API key>; got the "${authorization.split(/\s/)[0]}" scheme`,
    );
  return { value: match[1]!, from: 'authorization' };
}

/**
 * The gateway's authentication under AUTH_MODE: `off`: everyone is anonymous; `optional`: no credentials
 * is anonymous, bad credentials are refused (never silently anonymous); `required`: credentials are
 * needed and must carry the analyst role. A bearer value starting with bkn_ is an API key, anything
 * else a JWT.
 */
export async function createAuthenticator(config: AuthConfig, logger: Logger): Promise<Authenticator> {
  if (config.mode === 'off') {
    logger.info({ authMode: 'off' }, describeAuthentication(config));
    return { mode: 'off', identify: async () => UNAUTHENTICATED_ANALYST };
  }
  const verifyJwt: JwtVerifier | undefined = await createJwtVerifier(config);
  const apiKeys = new ApiKeyVerifier(config.apiKeysFile, logger);
  const activeKeys = await apiKeys.activeKeyCount();
  logger.info({ authMode: config.mode, apiKeysFile: config.apiKeysFile, activeKeys }, describeAuthentication(config));
  if (config.mode === 'required' && !verifyJwt && activeKeys === 0) {
    logger.warn(
      { apiKeysFile: config.apiKeysFile },
      'authentication required, but no JWT key or JWKS is configured and the API key file holds no active key: ' +
        'every request is refused until one is created (npm run api-key -- create --name NAME --roles analyst)',
    );
  }

  return {
    mode: config.mode,
    async identify(headers) {
      const credential = credentialOf(headers);
      if (!credential) {
        if (config.mode === 'required') throw AuthenticationFailure.missingCredentials();
        return ANONYMOUS;
      }
      let identity: Identity;
      if (credential.value.startsWith(API_KEY_PREFIX)) identity = await apiKeys.verify(credential.value);
      else if (credential.from === 'x-api-key')
        throw AuthenticationFailure.invalidCredentials(
          `X-API-Key takes an API key, which starts with ${API_KEY_PREFIX}; send a JWT as Authorization: Bearer`,
        );
      else if (verifyJwt) identity = await verifyJwt(credential.value);
      else
        throw AuthenticationFailure.invalidCredentials(
          `This gateway accepts API keys (${API_KEY_PREFIX}…) only: no JWT key or JWKS is configured`,
        );
      if (config.mode === 'required' && !hasRole(identity, ANALYST_ROLE)) {
        throw AuthenticationFailure.forbidden(
          `"${identity.subject}" lacks the role "${ANALYST_ROLE}" that this gateway requires; its roles: ` +
            `${identity.roles.length ? identity.roles.join(', ') : 'none'}`,
        );
      }
      return identity;
    },
  };
}

/** One line for the start-up log: the mode, and how callers authenticate under it. */
export function describeAuthentication(config: AuthConfig): string {
  if (config.mode === 'off')
    return (
      'authentication off: every caller is anonymous and reads as an analyst (AUTH_MODE=required asks for ' +
      'credentials)'
    );
  const jwt = config.jwtPublicKeyFile
    ? `a JWT signed by the key in ${config.jwtPublicKeyFile}`
    : config.jwksUrl
      ? `a JWT from the identity provider whose keys are at ${config.jwksUrl}`
      : undefined;
  const checks = [
    config.issuer && `issuer ${config.issuer}`,
    config.audience && `audience ${config.audience.join(' or ')}`,
  ]
    .filter(Boolean)
    .join(', ');
  const ways = [
    jwt && `Authorization: Bearer <${jwt}${checks ? `; ${checks}` : ''}>`,
    `an API key from ${config.apiKeysFile} (Authorization: Bearer bkn_… or X-API-Key: bkn_…; ` +
      'npm run api-key -- create)',
  ]
    .filter(Boolean)
    .join(', or ');
  const without =
    config.mode === 'required'
      ? `401 without credentials, 403 without the "${ANALYST_ROLE}" role`
      : 'anonymous without credentials';
  return `authentication ${config.mode}: callers send ${ways}; ${without}`;
}

/**
 * Authenticates a request once and keeps who sent it in `res.locals.identity` (read it with identityOf).
 * A refused request is answered here (401, 403) and goes no further. Answers to an authenticated
 * caller are private, whatever route writes their Cache-Control.
 */
export function authenticate(authenticator: Authenticator, logger: Logger): RequestHandler {
  return (req, res, next) => {
    authenticateRequest(authenticator, logger, req, res).then((admitted) => admitted && next(), next);
  };
}

/**
 * `authenticate` on node:http: true when the request goes on, false when it was refused and answered. Throws
 * only what is not an authentication failure (a bug).
 */
export async function authenticateRequest(
  authenticator: Authenticator,
  logger: Logger,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const locals = localsOf(res);
  if (locals.identity !== undefined) return true;
  if (authenticator.mode !== 'off') vary(res, ['Authorization', 'X-API-Key']);
  try {
    const identity = await authenticator.identify(req.headers);
    locals.identity = identity;
    if (identity.via !== 'anonymous') keepCacheControlPrivate(res);
    return true;
  } catch (error) {
    if (!(error instanceof AuthenticationFailure)) throw error;
    const requestId = requestIdOf(req.headers);
    res.setHeader('x-request-id', requestId);
    const log = error.status === 503 ? logger.error.bind(logger) : logger.info.bind(logger);
    log(
      { requestId, status: error.status, code: error.code, reason: error.message, err: error.cause },
      'request refused by authentication',
    );
    sendAuthenticationFailure(res, error);
    return false;
  }
}

/**
 * Who sent the request; fails when `authenticate` did not run for it, so that a route mounted without it is never
 * open.
 */
export function identityOf(res: ServerResponse): Identity {
  const identity = localsOf(res).identity as Identity | undefined;
  if (!identity)
    throw new Error(`authenticate() did not run for ${res.req.method} ${res.req.url}: mount it before this route`);
  return identity;
}

/**
 * Shared caches must not keep one caller's answer for another: `public` becomes `private`, and `private` is added
 * otherwise.
 */
function keepCacheControlPrivate(res: ServerResponse): void {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name: string, value: number | string | readonly string[]) => {
    if (name.toLowerCase() !== 'cache-control') return setHeader(name, value);
    const directives = String(value)
      .split(',')
      .map((directive) => directive.trim())
      .filter((directive) => directive && directive.toLowerCase() !== 'public');
    if (!directives.some((directive) => directive.toLowerCase() === 'private')) directives.unshift('private');
    return setHeader(name, directives.join(', '));
  };
}
