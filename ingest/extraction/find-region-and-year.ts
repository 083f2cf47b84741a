import { isRegionCode, type RegionCode } from '../../shared/regions/region-codes.ts';
import { isBlankLine, type DocumentLine } from './document-lines.ts';
import type { ReportWriter } from './extraction-report.ts';

/** Which office and year a plan document is about, read from its cover, and the cover's title. */
export interface PlanIdentity {
  region: RegionCode;
  year: number;
  title: string;
}

export class UnreadableDocumentError extends Error {}

/** "Kantor Regional VII" or "Kanreg VII", but not the range "Kanreg I - XIV" that RO names carry. */
const REGION_MENTION = /\b(?:Kantor\s+Regional|Kanreg)\s+([IVX]+)\b(?!\s*[-–]\s*[IVX])/gi;
const YEAR = /\b(20\d{2})\b/;

/**
 * The cover (the lines before KATA PENGANTAR / DAFTAR ISI) names the office and the year; the rest of
 * the document must agree, else the disagreement is reported. Throws when the cover names neither.
 */
export function findRegionAndYear(lines: DocumentLine[], report: ReportWriter): PlanIdentity {
  const cover = coverOf(lines);
  const region = findRegion(lines, cover, report);
  const year = findYear(lines, cover, report);
  const titleLines = cover.filter((line) => /RENCANA\s+KERJA/i.test(line.text) || line.text.trim() === String(year));
  const title =
    `${titleLines.map((line) => line.text.replace(/\*/g, '').trim()).join(' ') || `Rencana Kerja ${year}`}, ` +
    `Kantor Regional ${region} BKN`;
  return { region, year, title };
}

function coverOf(lines: DocumentLine[]): DocumentLine[] {
  const end = lines.findIndex((line) => /^\W*(KATA PENGANTAR|DAFTAR ISI)\b/i.test(line.text));
  return lines.slice(0, end > 0 ? end : 40).filter((line) => !isBlankLine(line));
}

function findRegion(lines: DocumentLine[], cover: DocumentLine[], report: ReportWriter): RegionCode {
  const onCover = cover.flatMap((line) =>
    [...line.text.matchAll(REGION_MENTION)].map((match) => ({ code: match[1]!.toUpperCase(), line })),
  );
  const mentions = new Map<string, number>();
  for (const line of lines) {
    for (const match of line.text.matchAll(REGION_MENTION))
      mentions.set(match[1]!.toUpperCase(), (mentions.get(match[1]!.toUpperCase()) ?? 0) + 1);
  }
  const [mostMentioned] = [...mentions.entries()].sort((a, b) => b[1] - a[1]);
  const chosen = onCover[0] ?? (mostMentioned ? { code: mostMentioned[0], line: null } : undefined);
  if (!chosen || !isRegionCode(chosen.code)) {
    throw new UnreadableDocumentError(
      'cannot tell which regional office the document is about: expected "KANTOR REGIONAL <I … XIV>" on its ' +
        `cover, found ${chosen ? `"${chosen.code}"` : 'none'}`,
    );
  }
  if (!onCover[0])
    report.unsure(
      null,
      `Kantor Regional ${chosen.code}`,
      'the cover names no regional office; took the one the text mentions most',
    );
  if (mostMentioned && mostMentioned[0] !== chosen.code) {
    report.unsure(
      chosen.line?.number ?? null,
      chosen.line?.text ?? '',
      `the cover names Kantor Regional ${chosen.code} but the text mentions Kantor Regional ${mostMentioned[0]} ` +
        'more often',
    );
  }
  return chosen.code;
}

/**
 * Headings such as "SASARAN TAHUN 2021" and "Tahun Anggaran 2021" confirm the cover's year; regulations ("Nomor 5
 * Tahun 2014") do not count.
 */
function findYear(lines: DocumentLine[], cover: DocumentLine[], report: ReportWriter): number {
  const coverYear = cover.map((line) => YEAR.exec(line.text)).find((match) => match !== null);
  const stated = new Map<number, number>();
  for (const line of lines) {
    for (const match of line.text.matchAll(
      /(?<!\b(?:Nomor|No\.?)\s*\d+\s+)\b(?:TAHUN(?:\s+ANGGARAN)?|T\.?A\.?)\s*(20\d{2})\b/gi,
    )) {
      stated.set(Number(match[1]), (stated.get(Number(match[1])) ?? 0) + 1);
    }
  }
  const [mostStated] = [...stated.entries()].sort((a, b) => b[1] - a[1]);
  const year = coverYear ? Number(coverYear[1]) : mostStated?.[0];
  if (year === undefined)
    throw new UnreadableDocumentError(
      'cannot tell the plan year: the cover prints no year and the text names no "Tahun <year>"',
    );
  if (!coverYear)
    report.unsure(null, `Tahun ${year}`, 'the cover prints no year; took the year the text names most often');
  else if (mostStated && mostStated[0] !== year) {
    report.unsure(
      null,
      `Tahun ${mostStated[0]}`,
      `the cover says ${year} but the text names "Tahun ${mostStated[0]}" most often`,
    );
  }
  return year;
}
