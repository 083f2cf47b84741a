import type { RequestListener } from 'node:http';
import express, { type Express } from 'express';
import { errorBody } from '../errors/error-codes.ts';
import type { Logger } from '../logging/logger.ts';
import type { NodeRequestHandler } from './graphql-request-handler.ts';
import { createJsonErrorHandler, jsonNotFound } from './json-error-handler.ts';
import { mountMetrics } from '../observability/metrics.ts';
import { writeJson } from './write-json.ts';

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

const pathOf = (url: string) => {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
};

/**
 * A subgraph process's request listener. A POST to one of `graphql`'s paths goes straight to its handler on
 * node:http: express's router, body parser and response helpers (an ETag hashed over every answer) cost more
 * than a small `_entities` request itself. Everything else (probes, /metrics, 404s, a GET of the same path,
 * a path with a trailing slash) goes to the `createServiceApp` app, which mounts the same handlers too.
 */
export function createServiceListener(
  logger: Logger,
  graphql: Record<string, NodeRequestHandler>,
  mount: (app: Express) => void = () => {},
): RequestListener {
  const routes = new Map(Object.entries(graphql));
  const app = createServiceApp(logger, (routed) => {
    mount(routed);
    for (const [path, handle] of routes) routed.use(path, handle);
  });
  return (req, res) => {
    const handle = req.method === 'POST' ? routes.get(pathOf(req.url ?? '/')) : undefined;
    if (handle) handle(req, res);
    else app(req, res);
  };
}

/** A service's /graphql before and after its database is prepared (schema migrated): see `preparedLater`. */
export interface PreparedLater {
  /** Answers 503 DATABASE_UNAVAILABLE until `serve` is called, then is the handler given to it. */
  handle: NodeRequestHandler;
  serve(handle: NodeRequestHandler): void;
  isPrepared(): boolean;
}

const STARTING_BODY = {
  errors: [errorBody('DATABASE_UNAVAILABLE', 'The service is starting: its database has not answered yet')],
};

/**
 * Lets a subgraph listen (and answer /live and /ready) before its database answers: until its schema is
 * migrated, its GraphQL requests get the same 503 DATABASE_UNAVAILABLE as when the database goes away later,
 * which the gateway reports as that service being unavailable.
 */
export function preparedLater(): PreparedLater {
  let prepared: NodeRequestHandler | undefined;
  return {
    handle: (req, res) => {
      if (prepared) prepared(req, res);
      else writeJson(res, 503, STARTING_BODY);
    },
    serve(handle) {
      prepared = handle;
    },
    isPrepared: () => prepared !== undefined,
  };
}
