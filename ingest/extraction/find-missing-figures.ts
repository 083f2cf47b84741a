import type { Flag } from '../../shared/plan-file/plan-file.types.ts';
import { isBlankLine, type DocumentLine } from './document-lines.ts';
import type { ReportWriter } from './extraction-report.ts';

/**
 * Finds figures ("Gambar 5. Program dan Pagu Anggaran …") whose content the text export lost: nothing but
 * headings and blank lines stand between the caption and the prose above it. Reports each one, since a
 * lost chart may hold figures the draft therefore lacks (XII's budget chart, its staff infographic).
 */
const CAPTION = /^\W*Gambar\s+\d+\b/i;
const LOOK_BACK = 30;
/** A paragraph or list item: where the text before a figure ends. */
const PROSE_LENGTH = 150;
const LIST_ITEM = /^\s*(?:-\s|\d+[.)]\s|[a-z][.)]\s)/i;

export function findMissingFigures(lines: DocumentLine[], report: ReportWriter): Flag[] {
  const missing = lines.filter((line, index) => CAPTION.test(line.text) && !hasContentAbove(lines, index));
  for (const caption of missing)
    report.unread(
      caption.number,
      caption.text,
      'a figure (image) whose content is not in the text; any figures it held are missing from the draft',
    );
  if (missing.length === 0) return [];
  return [
    {
      code: 'FIGURES_MISSING',
      message:
        'These figures were images and are missing from the text: ' +
        `${missing.map((line) => `"${line.text.trim()}" (line ${line.number})`).join('; ')}.`,
    },
  ];
}

function hasContentAbove(lines: DocumentLine[], captionIndex: number): boolean {
  for (const line of lines.slice(Math.max(0, captionIndex - LOOK_BACK), captionIndex).reverse()) {
    if (isBlankLine(line)) continue;
    if (line.text.includes('\t') || /→/.test(line.text)) return true;
    if (line.text.length > PROSE_LENGTH || LIST_ITEM.test(line.text) || CAPTION.test(line.text)) return false;
    if (holdsFigure(line.text)) return true;
  }
  return false;
}

/** A number that is not a year: headings such as "… TAHUN 2024" hold no figures. */
function holdsFigure(text: string): boolean {
  return (text.match(/\d[\d.,]*%?/g) ?? []).some((number) => !/^(19|20)\d{2}$/.test(number));
}
