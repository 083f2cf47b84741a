import type { ServerResponse } from 'node:http';
import { writeJson } from '../../shared/http/write-json.ts';
import { graphQLError, type ErrorCode } from '../../shared/errors/error-codes.ts';

/** The realm named in every WWW-Authenticate challenge of the gateway. */
const REALM = 'bkn-gateway';

/**
 * Why a request is refused before any operation runs: 401 (no or bad credentials), 403 (a known caller
 * without the required role), 503 (the identity provider's keys could not be fetched). The message says
 * what was wrong and never repeats the credential.
 */
export class AuthenticationFailure extends Error {
  constructor(
    readonly status: 401 | 403 | 503,
    readonly code: ErrorCode,
    message: string,
    /** RFC 6750 error of the Bearer challenge; none when the request carried no credentials at all. */
    readonly bearerError?: 'invalid_token' | 'insufficient_scope',
    /** What went wrong inside the gateway: logged, never sent. */
    options?: { cause: unknown },
  ) {
    super(message, options);
  }

  static missingCredentials(): AuthenticationFailure {
    return new AuthenticationFailure(
      401,
      'UNAUTHENTICATED',
      'Credentials required: send Authorization: Bearer <JWT or API key>, or X-API-Key: <API key>',
    );
  }

  static invalidCredentials(message: string): AuthenticationFailure {
    return new AuthenticationFailure(401, 'UNAUTHENTICATED', message, 'invalid_token');
  }

  static forbidden(message: string): AuthenticationFailure {
    return new AuthenticationFailure(403, 'FORBIDDEN', message, 'insufficient_scope');
  }

  static keysUnavailable(message: string, cause: unknown): AuthenticationFailure {
    return new AuthenticationFailure(503, 'INTERNAL_SERVER_ERROR', message, undefined, { cause });
  }
}

/** Answers a refused request as GraphQL clients expect an error: `{ errors: [{ message, extensions: { code } }] }`. */
export function sendAuthenticationFailure(res: ServerResponse, failure: AuthenticationFailure): void {
  if (failure.status === 503) res.setHeader('Retry-After', '5');
  else
    res.setHeader(
      'WWW-Authenticate',
      `Bearer realm="${REALM}"${failure.bearerError ? `, error="${failure.bearerError}"` : ''}`,
    );
  res.setHeader('Cache-Control', 'no-store');
  writeJson(res, failure.status, { errors: [graphQLError(failure.code, failure.message).toJSON()] });
}
