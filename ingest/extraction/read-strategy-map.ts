import type { Perspective } from '../../shared/plan-file/plan-file.types.ts';
import { normaliseWords, type DocumentLine } from './document-lines.ts';

/**
 * Reads the Balanced Scorecard "strategy map" as the documents print it: perspective headings
 * ("Stakeholder Perspective", "LEARN AND GROWTH PERSPECTIVE") and indicator lines "09 … → Target 82%".
 */
export interface PerspectiveHeading {
  perspective: Perspective;
  text: string;
  line: number;
}

export interface MapTarget {
  position: number;
  name: string;
  printedTarget: string;
  line: number;
}

const PERSPECTIVE_HEADING =
  /^\W*(stakeholders?|customer|internal(?:\s+process)?|learn(?:ing)?\s*(?:and|&)\s*growth)\s+perspective\b/i;

/** A heading opens its line; prose that merely lists the four perspectives does not count. */
export function readPerspectiveHeading(text: string): Omit<PerspectiveHeading, 'line'> | null {
  const match = PERSPECTIVE_HEADING.exec(text);
  if (!match) return null;
  const name = match[1]!.toLowerCase();
  const perspective: Perspective = name.startsWith('stakeholder')
    ? 'STAKEHOLDER'
    : name.startsWith('customer')
      ? 'CUSTOMER'
      : name.startsWith('internal')
        ? 'INTERNAL_PROCESS'
        : 'LEARNING_AND_GROWTH';
  return { perspective, text: match[0].replace(/^\W+/, '') };
}

export function findPerspectiveHeadings(lines: DocumentLine[]): PerspectiveHeading[] {
  return lines.flatMap((line) => {
    const heading = readPerspectiveHeading(line.text);
    return heading ? [{ ...heading, line: line.number }] : [];
  });
}

/** How far below its perspective heading a strategy map may still name a goal. */
const MAP_REACH = 40;

/**
 * The perspective a strategy map puts a goal under: the nearest heading at or above a line (before
 * `beforeLine`) that spells the goal's name, trying the mentions nearest the table first, since prose
 * elsewhere may quote the goal too. Null when no map names the goal.
 */
export function perspectiveOfGoal(
  goalName: string,
  lines: DocumentLine[],
  headings: PerspectiveHeading[],
  beforeLine: number,
): PerspectiveHeading | null {
  const wanted = ` ${normaliseWords(goalName)} `;
  if (!wanted.trim()) return null;
  const mentions = lines
    .filter((line) => line.number < beforeLine && ` ${normaliseWords(line.text)} `.includes(wanted))
    .reverse();
  for (const mention of mentions) {
    const heading = headings.filter((candidate) => candidate.line <= mention.number).at(-1);
    if (heading && mention.number - heading.line <= MAP_REACH) return heading;
  }
  return null;
}

export function findMapTargets(lines: DocumentLine[]): MapTarget[] {
  return lines.flatMap((line) => {
    const text = line.text.replace(/<\/?p>/g, ' ').trim();
    const match = /^(\d{1,2})\s+(.+?)\s*→\s*Target\s+(\d[\d.,]*%?)\s*$/.exec(text);
    return match ? [{ position: Number(match[1]), name: match[2]!, printedTarget: match[3]!, line: line.number }] : [];
  });
}
