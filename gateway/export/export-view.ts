import type { ExecuteForCaller, ExecutionResult } from '../graphql-executor.ts';
import type { ColumnSpec, ExportColumn } from './export-column.ts';
import type { ExportParameter } from './export-parameters.ts';
import type { ExportTable, ProvenanceEntry } from './export-table.ts';

export type GraphQLResultError = NonNullable<ExecutionResult['errors']>[number];

export interface ViewRequest {
  execute: ExecuteForCaller;
  /** Named like the view's parameters, already checked and converted (years as numbers). */
  variables: Record<string, unknown>;
  requestId: string;
  /** Ask for the provenance of the figures too (the XLSX's dictionary sheet shows it); the text formats do not. */
  withProvenance: boolean;
}

/** Rows of a view and the errors of the partial answer they came from (a region down, say). */
export interface ViewRows<Row> {
  rows: Row[];
  errors: readonly GraphQLResultError[];
  provenance?: ProvenanceEntry[];
}

/**
 * One export, GET /export/<name>.<format> (EXPORT_FORMATS) and its .schema.json: its parameters, its columns, how it
 * asks the graph.
 */
export interface ExportView {
  name: string;
  title: string;
  /** What one row is, for docs/export.md. */
  grain: string;
  parameters: readonly ExportParameter[];
  columns: readonly ColumnSpec[];
  fetchTable(request: ViewRequest): Promise<{ table: ExportTable; errors: readonly GraphQLResultError[] }>;
}

interface ExportViewDefinition<Row> extends Omit<ExportView, 'columns' | 'fetchTable'> {
  /** The one place the view's columns are listed: header row, JSON keys and docs come from it. */
  columns: ReadonlyArray<ExportColumn<Row>>;
  fetchRows(request: ViewRequest): Promise<ViewRows<Row>>;
}

export function defineExportView<Row>(definition: ExportViewDefinition<Row>): ExportView {
  const { columns, fetchRows, ...view } = definition;
  return {
    ...view,
    columns,
    async fetchTable(request) {
      const { rows, errors, provenance } = await fetchRows(request);
      return {
        table: { columns, records: rows.map((row) => columns.map((column) => column.value(row))), provenance },
        errors,
      };
    },
  };
}
