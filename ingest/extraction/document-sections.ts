import { isTableRow, type DocumentLine } from './document-lines.ts';

/**
 * Names the chapter a line stands in, as a reader would cite it ("BAB III A", "LAMPIRAN"), from the
 * headings above it. Table-of-contents entries are tab-separated and so never count as headings.
 */
export function sectionOf(lines: DocumentLine[], lineNumber: number): string {
  let chapter: string | null = null;
  let part: string | null = null;
  for (const line of lines.slice(0, lineNumber)) {
    if (isTableRow(line)) continue;
    const text = line.text.replace(/\*/g, '').trim();
    const bab = /^BAB\s+([IVX]+)\b/.exec(text);
    if (bab) {
      chapter = `BAB ${bab[1]}`;
      part = null;
    } else if (/^LAMPIRAN\b/i.test(text) && text.length < 40) {
      chapter = 'LAMPIRAN';
      part = null;
    } else {
      const heading = /^([A-H])\.\s+[A-Z]{2,}(?:[\s,]+[A-Z0-9]{2,})+$/.exec(text);
      if (heading && chapter?.startsWith('BAB')) part = heading[1]!;
    }
  }
  if (!chapter) return 'front matter';
  return part ? `${chapter} ${part}` : chapter;
}
