// What the page saves: the chart as PNG, and the CSV or XLSX export of the view on screen (fetched with the
// credential, since a plain link cannot send the Authorization header; the link keeps its href for Excel or
// Power BI "From Web").

import { withCredential } from '../../auth/page-credential.js';
import { kindsOf, type Question } from './comparison-queries.ts';
import { refusalOf } from './graphql-client.ts';
import { queryString } from './page-state.ts';

/**
 * The export of the view on screen (same subject, regions, years, kinds) in a format: csv, xlsx or csv with a dialect.
 */
export function exportHref(question: Question, extension: 'csv' | 'xlsx', dialect?: string): string {
  const { state } = question;
  const common: Array<[string, string | undefined]> = [
    ['regions', question.regions.join(',')],
    ['years', question.years.join(',')],
    ['kinds', kindsOf(state)?.join(',')],
  ];
  const tail: Array<[string, string | undefined]> = dialect ? [['dialect', dialect]] : [];
  switch (state.subject) {
    case 'indicator': {
      // The ranking the page shows (the export ranks by achievement unless told).
      const rankBy: string | undefined = state.rankBy === 'ACHIEVEMENT' ? undefined : state.rankBy;
      const query = queryString([
        ['indicators', state.indicator ?? undefined],
        ...common,
        ['rank_by', rankBy],
        ...tail,
      ]);
      return `export/indicators.${extension}?${query}`;
    }
    case 'budget': {
      const query = queryString([['level', state.level], ['codes', state.codes.join(',')], ...common, ...tail]);
      return `export/budget.${extension}?${query}`;
    }
    default:
      return `export/${state.subject}.${extension}?${queryString([...common, ...tail])}`;
  }
}

function save(url: string, filename: string): void {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}

function filenameOf(response: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  return match?.[1] ?? fallback;
}

/** Fetches an export with the credential and saves it under the name the gateway gives. */
export async function downloadExport(href: string): Promise<void> {
  const response = await fetch(href, { headers: withCredential({}) });
  if (response.status === 401 || response.status === 403) throw await refusalOf(response);
  if (!response.ok) throw new Error(`Unduhan gagal: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
  const url = URL.createObjectURL(await response.blob());
  save(url, filenameOf(response, new URL(href, document.baseURI).pathname.split('/').pop() || 'export'));
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Saves a canvas as a PNG file. */
export async function savePng(canvas: HTMLCanvasElement, filename: string): Promise<void> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The browser gave no PNG for the chart');
  const url = URL.createObjectURL(blob);
  save(url, filename);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
