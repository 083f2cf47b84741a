import express, { type RequestHandler, type Router } from 'express';
import { requestIdOf } from '../../shared/http/graphql-middleware.ts';
import type { ExecuteGraphQL } from '../graphql-executor.ts';
import { answerExportError } from './answer-export-error.ts';
import { ExportRequestError } from './export-request-error.ts';
import { readExportVariables } from './export-parameters.ts';
import { EXPORT_FORMATS, type ExportFormat } from './export-table.ts';
import type { ExportView } from './export-view.ts';
import { EXPORT_VIEWS } from './export-views.ts';
import { createGraphQLCsvRouter } from './graphql-csv-route.ts';
import { createPersistedQueries } from './persisted-queries.ts';
import { sendExport } from './send-export.ts';

const exportPathOf = (view: ExportView, format: ExportFormat) => `/export/${view.name}.${format.extension}`;

function exportHandler(execute: ExecuteGraphQL, view: ExportView, format: ExportFormat): RequestHandler {
  return async (req, res, next) => {
    const requestId = requestIdOf(req.headers);
    res.setHeader('x-request-id', requestId);
    try {
      const variables = readExportVariables(req.query, view.parameters);
      const { table, errors } = await view.fetchTable({ execute: (request) => execute({ ...request, http: { req, res } }), variables, requestId });
      sendExport(req, res, { body: format.encode(table), contentType: format.contentType, filename: `${view.name}.${format.extension}`, errors });
    } catch (error) {
      answerExportError(res, error, next);
    }
  };
}

/**
 * CSV and JSON-lines exports for BI tools (GET /export/<view>.csv and .jsonl, see docs/export.md), and CSV
 * of any list-valued GraphQL query requested with GET /graphql and `Accept: text/csv`.
 */
export function createExportRouter(execute: ExecuteGraphQL): Router {
  const router = express.Router();
  for (const view of EXPORT_VIEWS) {
    for (const format of EXPORT_FORMATS) router.get(exportPathOf(view, format), exportHandler(execute, view, format));
  }
  router.get('/export/{*rest}', (req, res, next) => {
    const available = EXPORT_VIEWS.flatMap((view) => EXPORT_FORMATS.map((format) => exportPathOf(view, format))).join(', ');
    answerExportError(res, new ExportRequestError(404, `No export at ${req.path}; available: ${available}`), next);
  });
  router.use(createGraphQLCsvRouter(execute, createPersistedQueries()));
  return router;
}
