/** A document's text as numbered lines (1-based, like `cat -n`), each also split into its tab-separated cells. */
export interface DocumentLine {
  number: number;
  text: string;
  /** The tab-separated cells, trimmed; a line without tabs has one cell. */
  cells: string[];
}

export function readDocumentLines(text: string): DocumentLine[] {
  return text
    .split(/\r?\n/)
    .map((line, index) => ({ number: index + 1, text: line, cells: line.split('\t').map((cell) => cell.trim()) }));
}

/** Exported documents keep empty paragraphs as blank or space-only lines. */
export function isBlankLine(line: DocumentLine): boolean {
  return line.text.trim() === '';
}

/** Word and PDF exports write table rows as tab-separated lines. */
export function isTableRow(line: DocumentLine): boolean {
  return line.text.includes('\t');
}

/** The rows of a table that starts below `headerIndex`: it ends at the first non-blank line without a tab. */
export function tableRowsAfter(lines: DocumentLine[], headerIndex: number): DocumentLine[] {
  const rows: DocumentLine[] = [];
  for (const line of lines.slice(headerIndex + 1)) {
    if (isBlankLine(line)) continue;
    if (!isTableRow(line)) break;
    rows.push(line);
  }
  return rows;
}

/** Lowercase words without punctuation or markup, for comparing names printed slightly differently. */
export function normaliseWords(text: string): string {
  return text
    .replace(/<[^>]+>/g, ' ')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
