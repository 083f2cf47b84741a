import express, { type Express } from 'express';
import type { Logger } from '../logging/logger.ts';
import { createJsonErrorHandler, jsonNotFound } from './json-error-handler.ts';

/**
 * An express app for a subgraph process: no X-Powered-By, the routes `mount` adds, then JSON for an unknown
 * path and for any error, never express's HTML pages.
 */
export function createServiceApp(logger: Logger, mount: (app: Express) => void): Express {
  const app = express();
  app.disable('x-powered-by');
  mount(app);
  app.use(jsonNotFound);
  app.use(createJsonErrorHandler(logger));
  return app;
}
