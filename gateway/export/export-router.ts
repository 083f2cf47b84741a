import { GraphQLError } from 'graphql';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { requestIdOf } from '../../shared/http/graphql-middleware.ts';
import { identityOf } from '../auth/authenticate.ts';
import type { ExecuteGraphQL } from '../graphql-executor.ts';
import { answerExportError } from './answer-export-error.ts';
import { ExportBodyCache } from './export-body-cache.ts';
import { DEFAULT_DIALECT, readDialect, type CsvDialect } from './csv-dialect.ts';
import { matchesIfNoneMatch, requestEntityTag } from './export-entity-tag.ts';
import { EXPORT_FORMATS, type ExportFormat } from './export-formats.ts';
import { ExportRequestError } from './export-request-error.ts';
import { failWith } from './graphql-result-problems.ts';
import { readExportVariables } from './export-parameters.ts';
import type { ExportView } from './export-view.ts';
import { EXPORT_VIEWS } from './export-views.ts';
import { createGraphQLCsvRouter } from './graphql-csv-route.ts';
import { createPersistedQueries, type PersistedQueries } from './persisted-queries.ts';
import { COMPLETE_CACHE_CONTROL, sendExport } from './send-export.ts';
import { tableSchemaOf } from './table-schema.ts';

export interface ExportRouterOptions {
  /**
   * The national data version (every import moves it), asked once per export before anything else; undefined
   * when national does not say. With it, a matching If-None-Match is answered 304 before any region is asked.
   */
  dataVersion?: (requestId: string) => Promise<string | undefined>;
  /**
   * Charges the caller's rate budget for an answer that skips the graph (a 304, or a complete export kept from
   * before): one point, so that repeating a cheap answer is still counted. Throws RATE_LIMITED when spent.
   */
  chargeShortcut?: (req: Request, res: Response) => Promise<void>;
  /** The queries registered by hash (APQ) that GET /graphql as CSV may name: one store with the POST route's. */
  persistedQueries?: PersistedQueries;
}

async function chargeShortcut(options: ExportRouterOptions, req: Request, res: Response): Promise<void> {
  try {
    await options.chargeShortcut?.(req, res);
  } catch (error) {
    if (error instanceof GraphQLError) failWith([error]);
    throw error;
  }
}

const exportPathOf = (view: ExportView, format: ExportFormat) => `/export/${view.name}.${format.extension}`;
const schemaPathOf = (view: ExportView) => `/export/${view.name}.schema.json`;
const schemaUrlOf = (view: ExportView, dialect: CsvDialect) =>
  `${schemaPathOf(view)}${dialect === DEFAULT_DIALECT ? '' : `?dialect=${dialect.name}`}`;

/** The dialect, for a format that has them; the view's own parameters are the rest of the query. */
function splitQuery(
  query: Request['query'],
  format: ExportFormat,
): { dialect: CsvDialect; parameters: Record<string, unknown> } {
  const { dialect, ...parameters } = query;
  if (dialect !== undefined && !format.hasDialects) {
    throw new ExportRequestError(
      400,
      `Bad parameter "dialect": only the .csv exports have dialects; this is .${format.extension}`,
    );
  }
  return { dialect: readDialect(dialect), parameters };
}

async function dataVersionOf(options: ExportRouterOptions, requestId: string): Promise<string | undefined> {
  try {
    return await options.dataVersion?.(requestId);
  } catch {
    // No version, no shortcut: the export is computed and tagged by its bytes, as it would be without one.
    return undefined;
  }
}

function answerNotModified(res: Response, etag: string): void {
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', COMPLETE_CACHE_CONTROL);
  res.status(304).end();
}

function exportHandler(
  execute: ExecuteGraphQL,
  view: ExportView,
  format: ExportFormat,
  options: ExportRouterOptions,
  cache: ExportBodyCache,
): RequestHandler {
  return async (req, res, next) => {
    const requestId = requestIdOf(req.headers);
    res.setHeader('x-request-id', requestId);
    try {
      const { dialect, parameters } = splitQuery(req.query, format);
      const variables = readExportVariables(parameters, view.parameters);
      if (format.extension === 'csv')
        res.setHeader('Link', `<${schemaUrlOf(view, dialect)}>; rel="describedby"; type="application/schema+json"`);
      const version = await dataVersionOf(options, requestId);
      const question = {
        view: view.name,
        format: format.extension,
        dialect: dialect.name,
        variables,
        roles: [...identityOf(res).roles].sort(),
      };
      const requestTag = version === undefined ? undefined : requestEntityTag(version, question);
      if (requestTag && matchesIfNoneMatch(req.headers['if-none-match'], requestTag)) {
        await chargeShortcut(options, req, res);
        answerNotModified(res, requestTag);
        return;
      }
      const cached = requestTag ? cache.get(requestTag) : undefined;
      if (cached) {
        await chargeShortcut(options, req, res);
        sendExport(req, res, { ...cached, errors: [], requestTag });
        return;
      }
      const { table, errors } = await view.fetchTable({
        execute: (request) => execute({ ...request, http: { req, res } }),
        variables,
        requestId,
        withProvenance: format.showsProvenance,
      });
      const answer = {
        body: await format.encode(table, view, dialect),
        contentType: format.contentType,
        filename: `${view.name}.${format.extension}`,
        disposition: format.disposition,
      };
      if (requestTag && errors.length === 0) cache.set(requestTag, answer);
      sendExport(req, res, { ...answer, errors, requestTag });
    } catch (error) {
      answerExportError(res, error, next);
    }
  };
}

/** The Frictionless Table Schema of a view's CSV: the same for every question, it changes only with the code. */
function schemaHandler(view: ExportView): RequestHandler {
  return (req, res, next) => {
    try {
      const { dialect, ...rest } = req.query;
      const unknown = Object.keys(rest)[0];
      if (unknown !== undefined)
        throw new ExportRequestError(400, `Unknown parameter "${unknown}"; a schema takes only dialect`);
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.setHeader('Content-Type', 'application/schema+json; charset=utf-8');
      res.status(200).send(JSON.stringify(tableSchemaOf(view, readDialect(dialect)), null, 2));
    } catch (error) {
      answerExportError(res, error, next);
    }
  };
}

/**
 * CSV, JSON-lines, TSV and XLSX exports for BI tools (GET /export/<view>.csv, .jsonl, .tsv, .xlsx, and
 * .schema.json beside them; see docs/export.md), and CSV of any list-valued GraphQL query requested with GET
 * /graphql and `Accept: text/csv`.
 */
export function createExportRouter(execute: ExecuteGraphQL, options: ExportRouterOptions = {}): Router {
  const router = express.Router();
  const cache = new ExportBodyCache();
  for (const view of EXPORT_VIEWS) {
    for (const format of EXPORT_FORMATS)
      router.get(exportPathOf(view, format), exportHandler(execute, view, format, options, cache));
    router.get(schemaPathOf(view), schemaHandler(view));
  }
  router.get('/export/{*rest}', (req, res, next) => {
    const available = EXPORT_VIEWS.flatMap((view) => [
      ...EXPORT_FORMATS.map((format) => exportPathOf(view, format)),
      schemaPathOf(view),
    ]).join(', ');
    answerExportError(res, new ExportRequestError(404, `No export at ${req.path}; available: ${available}`), next);
  });
  router.use(createGraphQLCsvRouter(execute, options.persistedQueries ?? createPersistedQueries()));
  return router;
}
