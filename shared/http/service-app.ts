import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { graphQLError } from '../errors/error-codes.ts';
import type { Logger } from '../logging/logger.ts';
import { createJsonErrorHandler, jsonNotFound } from './json-error-handler.ts';
import { mountMetrics } from '../observability/metrics.ts';

/**
 * An express app for a subgraph process: no X-Powered-By, the routes `mount` adds, then JSON for an unknown
 * path and for any error, never express's HTML pages.
 */
export function createServiceApp(logger: Logger, mount: (app: Express) => void): Express {
  const app = express();
  app.disable('x-powered-by');
  // GET /metrics here, or only on METRICS_PORT when that is set (shared/observability/metrics.ts).
  mountMetrics(app);
  mount(app);
  app.use(jsonNotFound);
  app.use(createJsonErrorHandler(logger));
  return app;
}

/** A service's /graphql before and after its database is prepared (schema migrated): see `preparedLater`. */
export interface PreparedLater {
  /** Mount at /graphql: answers 503 DATABASE_UNAVAILABLE until `serve` is called, then runs its handlers. */
  handler: RequestHandler;
  serve(handlers: Array<RequestHandler | ErrorRequestHandler>): void;
  isPrepared(): boolean;
}

/**
 * Lets a subgraph listen (and answer /live and /ready) before its database answers: until its schema is
 * migrated, its GraphQL requests get the same 503 DATABASE_UNAVAILABLE as when the database goes away later,
 * which the gateway reports as that service being unavailable.
 */
export function preparedLater(): PreparedLater {
  const router = express.Router();
  let prepared = false;
  return {
    handler: (req, res, next) => {
      if (prepared) return void router(req, res, next);
      res.status(503).json({
        errors: [
          graphQLError('DATABASE_UNAVAILABLE', 'The service is starting: its database has not answered yet').toJSON(),
        ],
      });
    },
    serve(handlers) {
      router.use(...handlers);
      prepared = true;
    },
    isPrepared: () => prepared,
  };
}
