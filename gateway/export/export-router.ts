import express, { type Router } from 'express';
import type { ExecuteGraphQL } from '../graphql-executor.ts';

/**
 * CSV and JSON-lines exports for BI tools (GET /export/…), and CSV of any list-valued GraphQL query
 * requested with GET /graphql and `Accept: text/csv`. Placeholder: the export feature is being built.
 */
export function createExportRouter(_execute: ExecuteGraphQL): Router {
  return express.Router();
}
