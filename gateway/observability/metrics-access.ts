import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { ANALYST_ROLE, hasRole, type Identity } from '../auth/identity.ts';
import { errorBody } from '../../shared/errors/error-codes.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Who may read the gateway's /metrics when it shares the public port (METRICS_PORT unset): a scraper on the
 * same machine (the socket's own address, never X-Forwarded-For, which a client writes), or a caller with the
 * analyst role. Anyone else gets 403 in JSON, as every other refusal.
 */
export function metricsAccess(identify: (headers: IncomingHttpHeaders) => Promise<Identity>): RequestHandler {
  return async (req, res, next) => {
    if (LOOPBACK.test(req.socket.remoteAddress ?? '')) return next();
    const identity = await identify(req.headers).catch(() => undefined);
    if (identity && hasRole(identity, ANALYST_ROLE)) return next();
    res.status(403).json({
      errors: [
        errorBody(
          'FORBIDDEN',
          'The metrics are for the analyst role or the local machine; set METRICS_PORT to scrape them on a port ' +
            'of their own',
        ),
      ],
    });
  };
}
