import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import type { Response } from 'express';
import helmet from 'helmet';
import { pooledRandomBytes } from '../../shared/security/pooled-random-bytes.ts';
import type { ConnectHandler } from './connect-handlers.ts';
import { localsOf } from './response-locals.ts';

/**
 * This answer's nonce for <style> elements (GraphiQL's dialogs add one); undefined where securityHeaderHandlers did
 * not run.
 */
export function cspNonceOf(res: ServerResponse): string | undefined {
  return localsOf(res).cspNonce as string | undefined;
}

const styleNonce = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${cspNonceOf(res)}'`;

/**
 * What the gateway's pages may load: everything from the gateway itself, nothing else. The IDE and
 * /compare serve their scripts and styles as files (no inline script, no CDN: analysts' networks are
 * often closed); data: covers the fonts GraphiQL's stylesheet embeds. The one inline style is the
 * <style> GraphiQL's dialogs add to stop the page scrolling behind them: it carries the answer's nonce.
 * No page may be framed.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", styleNonce],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Lets this answer's page carry `style="…"` attributes (style-src-attr 'unsafe-inline'), nothing else: the IDE's
 * editor (Monaco) writes its lines as HTML with position styles in attributes, thousands per screen, and has no
 * other way. A style attribute cannot load anything or run script, nor select elements as a <style> can, so
 * the policy still refuses injected scripts, style sheets and connections; other pages keep the strict one.
 */
export function allowInlineStyleAttributes(res: Response): void {
  const policy = res.getHeader('content-security-policy');
  if (typeof policy === 'string') res.setHeader('content-security-policy', `${policy};style-src-attr 'unsafe-inline'`);
}

/** Request headers a browser page on an allowed origin may send, and response headers it may read. */
const CORS_ALLOWED_HEADERS = [
  'Content-Type',
  'Accept',
  'Authorization',
  'X-API-Key',
  'X-Request-Id',
  'Apollo-Require-Preflight',
  'X-Apollo-Operation-Name',
  'If-None-Match',
];
const CORS_EXPOSED_HEADERS = [
  'X-Request-Id',
  'X-Missing-Regions',
  'X-Stale-Regions',
  'X-GraphQL-Errors',
  'X-Result-List',
  'Content-Disposition',
  'ETag',
  'WWW-Authenticate',
  'Retry-After',
];

/**
 * Security headers on every answer of the gateway (run first, on every route): the CSP above, nosniff, no framing
 * (frame-ancestors and X-Frame-Options), no referrer; and CORS for the configured origins only (none by
 * default). Credentials travel in the Authorization header, never in cookies, so CORS never allows them.
 */
export function securityHeaderHandlers(options: { corsOrigins: readonly string[] }): ConnectHandler[] {
  const handlers: ConnectHandler[] = [
    (_req, res, next) => {
      localsOf(res).cspNonce = pooledRandomBytes(16).toString('base64');
      next();
    },
    helmet({
      // upgrade-insecure-requests stays out: the gateway is often reached over plain HTTP on a closed network.
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: { maxAge: 180 * 24 * 60 * 60, includeSubDomains: false },
    }),
  ];
  if (options.corsOrigins.length > 0) {
    handlers.push(
      cors({
        origin: [...options.corsOrigins],
        methods: ['GET', 'POST', 'OPTIONS'],
        allowedHeaders: CORS_ALLOWED_HEADERS,
        exposedHeaders: CORS_EXPOSED_HEADERS,
        credentials: false,
        maxAge: 600,
      }),
    );
  }
  return handlers;
}
