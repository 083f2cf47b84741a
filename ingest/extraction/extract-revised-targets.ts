import type { IndicatorTargetEntry } from '../../shared/plan-file/plan-file.types.ts';
import type { DocumentLine } from './document-lines.ts';
import { sectionOf } from './document-sections.ts';
import type { ReportWriter } from './extraction-report.ts';
import { readPrintedNumber } from './read-printed-number.ts';

/**
 * Reads targets a revised plan states in prose, "penyesuaian target … (IKU) 3 … dari sebelumnya 95 menjadi
 * 96", into `revisedFrom` of the indicator the sentence names, only when the new figure is the table's
 * target. Realisations of earlier years cited in the same prose are reported: they belong to another plan.
 */
const REVISION = /dari\s+sebelumnya\s+(\d(?:[\d.,]*\d)?%?)\s+menjadi\s+(\d(?:[\d.,]*\d)?%?)/gi;
/** "(IKU) 1", "IKU 4", "IKU.9"; not the bare "IKU" of "target IKU dari sebelumnya". */
const INDICATOR_REFERENCE = /\bIKU\)?\s*\.?\s*(\d{1,2})\b/gi;
const REALISATION = new RegExp(
  String.raw`realisasi\b(?:(?!realisasi).){0,200}?\bTahun\s+(20\d{2})\b` +
    String.raw`.{0,40}?\b(?:yakni|sebesar|adalah)\s+(\d(?:[\d.,]*\d)?%?)`,
  'gi',
);

export function applyRevisedTargets(
  lines: DocumentLine[],
  indicators: IndicatorTargetEntry[],
  year: number,
  report: ReportWriter,
): void {
  for (const line of lines) {
    for (const revision of line.text.matchAll(REVISION)) applyRevision(lines, line, revision, indicators, report);
    for (const realisation of line.text.matchAll(REALISATION)) {
      const when = Number(realisation[1]);
      const reason =
        when === year
          ? `a realisation for the plan year ${year}; a plan draft holds targets, so it is not read`
          : `a realisation for ${when}, cited in the ${year} plan; it belongs to the ${when} plan file, ` +
            'not to this draft';
      report.unread(line.number, realisation[0], reason);
    }
  }
}

function applyRevision(
  lines: DocumentLine[],
  line: DocumentLine,
  revision: RegExpExecArray,
  indicators: IndicatorTargetEntry[],
  report: ReportWriter,
): void {
  const before = line.text.slice(0, revision.index);
  const reference = [...before.matchAll(INDICATOR_REFERENCE)].at(-1);
  if (!reference) {
    report.unread(line.number, revision[0], 'a revised target whose sentence names no indicator (IKU n) before it');
    return;
  }
  const number = Number(reference[1]);
  const byCode = indicators.find((indicator) => indicator.code === `IKU.${number}`);
  const indicator =
    byCode ??
    indicators.find((candidate) => candidate.nationalIndicatorId === `IKU-${String(number).padStart(2, '0')}`);
  if (!indicator) {
    report.unread(
      line.number,
      `${reference[0]} … ${revision[0]}`,
      `a revised target for IKU ${number}, which is not in the indicator table`,
    );
    return;
  }
  if (!byCode)
    report.unsure(
      line.number,
      `${reference[0]} … ${revision[0]}`,
      `"${reference[0]}" taken as national ${indicator.nationalIndicatorId}, local ${indicator.code}`,
    );
  const earlier = readPrintedNumber(revision[1]!, 'measure');
  const revised = readPrintedNumber(revision[2]!, 'measure');
  if (earlier.value === null || revised.value !== indicator.target) {
    report.unread(
      line.number,
      revision[0],
      `states ${indicator.code}'s target as ${revision[2]}, but the table says ${indicator.target}; not linked`,
    );
    return;
  }
  if (indicator.revisedFrom) {
    report.unread(
      line.number,
      revision[0],
      `a second earlier target for ${indicator.code}; the one at line ${indicator.revisedFrom.source.line} was kept`,
    );
    return;
  }
  indicator.revisedFrom = {
    target: earlier.value,
    reason: reasonAround(line.text, revision.index),
    source: {
      line: line.number,
      location: `${sectionOf(lines, line.number)}, prose on IKU ${number}: "${revision[0]}"`,
      printed: revision[1]!,
    },
  };
}

/** The sentence that states the revision and, when it follows, the sentence giving its reason. */
function reasonAround(text: string, index: number): string {
  const sentences = text.split(/(?<=\.)\s+(?=[A-Z])/);
  let offset = 0;
  for (const [position, sentence] of sentences.entries()) {
    offset += sentence.length + 1;
    if (offset > index) {
      const next = sentences[position + 1];
      return next && /^(hal ini|target ini|karena|dikarenakan)/i.test(next) ? `${sentence} ${next}` : sentence;
    }
  }
  return text.trim();
}
