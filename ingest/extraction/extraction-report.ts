import type { PartAccount } from './account-for-parts.ts';

/**
 * What the extractor could not read, or read only with an assumption: kept beside the draft, never inside
 * it (the plan file has no place for it), so that a person can check exactly those lines.
 */
export interface ReportEntry {
  /** 1-based document line, or null when the entry is about the whole document. */
  line: number | null;
  text: string;
  reason: string;
}

export interface ExtractionReport {
  document: string;
  /** Lines holding figures the extractor did not turn into plan data. */
  unread: ReportEntry[];
  /** Figures that are in the draft but rest on an assumption or a repair-free best reading; check them. */
  unsure: ReportEntry[];
  /** Every part a plan can hold (totals … revisions): found with its lines, or not found with the lines looked at. */
  parts: PartAccount[];
}

/** The sink every extraction step writes to. */
export interface ReportWriter {
  unread(line: number | null, text: string, reason: string): void;
  unsure(line: number | null, text: string, reason: string): void;
}

export function createReport(document: string): { report: ExtractionReport; writer: ReportWriter } {
  const report: ExtractionReport = { document, unread: [], unsure: [], parts: [] };
  const writer: ReportWriter = {
    unread: (line, text, reason) => report.unread.push({ line, text: excerpt(text), reason }),
    unsure: (line, text, reason) => report.unsure.push({ line, text: excerpt(text), reason }),
  };
  return { report, writer };
}

/** Long paragraphs are cut so that the report stays readable; the line number leads to the full text. */
function excerpt(text: string, length = 160): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  return trimmed.length <= length ? trimmed : `${trimmed.slice(0, length - 1)}…`;
}
