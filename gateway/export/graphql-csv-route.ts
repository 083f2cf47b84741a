import express, { type Request, type RequestHandler, type Router } from 'express';
import { type DocumentNode, getOperationAST, GraphQLError, parse } from 'graphql';
import { requestIdOf } from '../../shared/http/graphql-middleware.ts';
import type { ExecuteGraphQL } from '../graphql-executor.ts';
import { answerExportError } from './answer-export-error.ts';
import { readDialect } from './csv-dialect.ts';
import { ExportRequestError } from './export-request-error.ts';
import { encodeCsv } from './export-table.ts';
import { findFirstList, tableOfList } from './first-list-table.ts';
import { failWith } from './graphql-result-problems.ts';
import { persistedQueryHashOf, type PersistedQueries } from './persisted-queries.ts';
import { sendExport } from './send-export.ts';

const CSV = 'text/csv';

/** Only an explicit preference for CSV: `*\/*` and JSON clients stay with Apollo. */
function wantsCsv(req: Request): boolean {
  return req.accepts(['application/graphql-response+json', 'application/json', CSV]) === CSV;
}

function textParameter(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string')
    throw new ExportRequestError(
      400,
      `Bad parameter "${name}": expected it once, as text; got ${JSON.stringify(value)}`,
    );
  return value;
}

function jsonParameter(req: Request, name: string): Record<string, unknown> | undefined {
  const text = textParameter(req, name);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ExportRequestError(
      400,
      `Bad parameter "${name}": expected a JSON object; got ${JSON.stringify(text.slice(0, 200))} ` +
        `(${(error as Error).message})`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ExportRequestError(400, `Bad parameter "${name}": expected a JSON object; got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

/** The query text, from the URL or, for a persisted query sent by hash alone, from the queries registered before. */
function queryOf(req: Request, persistedQueries: PersistedQueries): string {
  const query = textParameter(req, 'query');
  const hash = persistedQueryHashOf(jsonParameter(req, 'extensions'));
  if (hash === undefined) {
    if (query === undefined)
      throw new ExportRequestError(
        400,
        'Missing parameter "query": expected a GraphQL query, or ' +
          'extensions={"persistedQuery":{"version":1,"sha256Hash":"…"}}',
      );
    return query;
  }
  if (query !== undefined) {
    if (!persistedQueries.remember(hash, query))
      throw new ExportRequestError(
        400,
        `Bad parameter "extensions": sha256Hash ${hash} is not the sha256 of the query sent with it`,
      );
    return query;
  }
  const persisted = persistedQueries.find(hash);
  if (persisted === undefined) {
    throw new ExportRequestError(
      400,
      `PersistedQueryNotFound: no query is registered under sha256Hash ${hash}; ` +
        'send it once with the query (POST /graphql or this GET with query=…)',
    );
  }
  return persisted;
}

/** GET must not change anything: only a query operation runs here (as the GraphQL-over-HTTP spec asks). */
function checkIsQuery(query: string, operationName: string | undefined): void {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) throw new ExportRequestError(400, `Bad parameter "query": ${error.message}`);
    throw error;
  }
  const operation = getOperationAST(document, operationName);
  if (operation && operation.operation !== 'query') {
    throw new ExportRequestError(
      405,
      `GET /graphql as CSV runs queries only; got a ${operation.operation}: send it with POST`,
    );
  }
}

/** Apollo answers the POSTs; this only watches them, after the fact, for queries registered by hash. */
function rememberPersistedQueriesSentToApollo(
  persistedQueries: PersistedQueries,
  requestOf: (req: Request) => unknown,
): RequestHandler {
  return (req, res, next) => {
    res.once('finish', () => {
      if (res.statusCode === 200) rememberPersistedQueries(persistedQueries, requestOf(req));
    });
    next();
  };
}

/**
 * Keeps the queries a request registered by hash (APQ: `query` with `extensions.persistedQuery`), for GET
 * /graphql as CSV; `body` is the request's JSON body (or a batch of them) or its GET parameters.
 */
export function rememberPersistedQueries(persistedQueries: PersistedQueries, body: unknown): void {
  for (const entry of [body].flat()) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { query, extensions } = entry as { query?: unknown; extensions?: unknown };
    const extensionsObject = typeof extensions === 'string' ? safeJson(extensions) : extensions;
    try {
      const hash = persistedQueryHashOf(extensionsObject);
      if (hash && typeof query === 'string') persistedQueries.remember(hash, query);
    } catch {
      // A malformed persistedQuery is Apollo's to refuse; this watcher has no one to tell.
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * GET /graphql with `Accept: text/csv`: any query, the first list of its result as CSV (one row per
 * element). Every other request to /graphql goes on to Apollo untouched.
 */
export function createGraphQLCsvRouter(execute: ExecuteGraphQL, persistedQueries: PersistedQueries): Router {
  const router = express.Router();
  // req.body is read at 'finish': by then Apollo's own express.json() has parsed it.
  router.post(
    '/graphql',
    rememberPersistedQueriesSentToApollo(persistedQueries, (req) => req.body),
  );
  const rememberFromGet = rememberPersistedQueriesSentToApollo(persistedQueries, (req) => req.query);
  router.get('/graphql', async (req, res, next) => {
    if (!wantsCsv(req)) {
      rememberFromGet(req, res, next);
      return;
    }
    res.vary('Accept');
    const requestId = requestIdOf(req.headers);
    res.setHeader('x-request-id', requestId);
    try {
      const dialect = readDialect(req.query.dialect);
      const operationName = textParameter(req, 'operationName');
      const query = queryOf(req, persistedQueries);
      const variables = jsonParameter(req, 'variables');
      checkIsQuery(query, operationName);
      const result = await execute({ query, variables, operationName, requestId, http: { req, res } });
      const list = result.data ? findFirstList(result.data) : undefined;
      if (!list) {
        if (result.errors?.length) failWith(result.errors);
        throw new ExportRequestError(
          400,
          'The query’s result has no list to turn into rows; ask for a list field, e.g. { regions { code name } }',
        );
      }
      const resultPath = list.path.join('.');
      sendExport(req, res, {
        body: encodeCsv(tableOfList(list), dialect),
        contentType: 'text/csv; charset=utf-8',
        filename: `${resultPath || 'result'}.csv`,
        errors: result.errors ?? [],
        headers: { 'X-Result-List': resultPath },
      });
    } catch (error) {
      answerExportError(res, error, next);
    }
  });
  return router;
}
