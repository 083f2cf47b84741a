// "Unduh CSV" in the IDE's toolbar: the current query, run again by the gateway's GET /graphql with
// Accept: text/csv (gateway/export/graphql-csv-route.ts), which turns the first list of the result into
// rows. The browser only asks and saves the file; a result without a list is said in words.
import { ToolbarButton, useGraphiQL } from '@graphiql/react';
import { Kind, parse } from 'graphql';
import { useState } from 'react';

export interface CsvDownloadProps {
  /** The GraphQL endpoint (absolute URL). */
  graphqlUrl: string;
  /** fetch that adds the kept credential. */
  fetch(resource: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** What happened, for the line under the result. */
  onStatus(message: string): void;
}

/** The editors' JSON (variables, headers) as an object; the text as the user typed it when it is not one. */
function jsonObjectOf(text: string | undefined, editor: string): Record<string, unknown> | undefined {
  if (!text?.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`The ${editor} are not JSON (${(error as Error).message}); fix them and try again`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`The ${editor} must be a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * The operation to run: GraphiQL's choice when the text still has it (its store follows the editor a moment
 * late, e.g. just after a tab switch or a paste); none when the text has a single operation (the gateway takes
 * it); otherwise the first named one. Text that does not parse goes as it is, for the gateway to say why.
 */
function operationToRun(query: string, chosen: string | undefined): string | undefined {
  let names: (string | undefined)[];
  try {
    names = parse(query).definitions.flatMap((definition) =>
      definition.kind === Kind.OPERATION_DEFINITION ? [definition.name?.value] : [],
    );
  } catch {
    return undefined;
  }
  if (chosen && names.includes(chosen)) return chosen;
  if (names.length <= 1) return undefined;
  return names.find((name) => name !== undefined);
}

function filenameOf(response: Response): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  return /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? 'result.csv';
}

function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function errorMessageOf(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const answer = JSON.parse(text) as { errors?: { message?: string }[]; message?: string };
    return answer.errors?.map((error) => error.message).join('; ') || answer.message || text;
  } catch {
    return text || response.statusText;
  }
}

function DownloadIcon() {
  return (
    <svg
      className="graphiql-toolbar-icon"
      aria-hidden="true"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
    >
      <path d="M12 3v12m0 0 5-5m-5 5-5-5M4 17v3h16v-3" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** The toolbar button; rendered inside GraphiQL, so that it reads the current tab's editors. */
export function CsvDownloadButton({ graphqlUrl, fetch, onStatus }: CsvDownloadProps) {
  // One selector per value: a selector that builds a new object would re-render without end (zustand 5).
  const queryEditor = useGraphiQL((state) => state.queryEditor);
  const variableEditor = useGraphiQL((state) => state.variableEditor);
  const headerEditor = useGraphiQL((state) => state.headerEditor);
  const operationName = useGraphiQL((state) => state.operationName);
  const [busy, setBusy] = useState(false);

  async function download(): Promise<void> {
    const query = queryEditor?.getValue() ?? '';
    if (!query.trim()) {
      onStatus('Unduh CSV: the editor holds no query.');
      return;
    }
    setBusy(true);
    onStatus('Unduh CSV: running the query for a CSV…');
    try {
      const variables = jsonObjectOf(variableEditor?.getValue(), 'variables');
      const headers = jsonObjectOf(headerEditor?.getValue(), 'headers') ?? {};
      const url = new URL(graphqlUrl);
      url.searchParams.set('query', query);
      if (variables) url.searchParams.set('variables', JSON.stringify(variables));
      const operation = operationToRun(query, operationName);
      if (operation) url.searchParams.set('operationName', operation);
      const response = await fetch(url, { headers: { ...(headers as Record<string, string>), Accept: 'text/csv' } });
      if (!response.ok) {
        onStatus(`Unduh CSV: no file. The gateway answered ${response.status}: ${await errorMessageOf(response)}`);
        return;
      }
      const filename = filenameOf(response);
      const list = response.headers.get('x-result-list');
      const partial = response.headers.get('x-graphql-errors');
      save(await response.blob(), filename);
      onStatus(
        `Unduh CSV: saved ${filename}, one row per element of ` +
          `${list || 'the result'}${partial ? ' (the gateway reported errors too: some cells may be empty)' : ''}.`,
      );
    } catch (error) {
      onStatus(`Unduh CSV: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <ToolbarButton label="Unduh CSV (the first list of the result)" onClick={() => void download()} disabled={busy}>
      <DownloadIcon />
    </ToolbarButton>
  );
}
