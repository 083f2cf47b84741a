import type { AgencyKind, Flag, WorkAreaEntry } from '../../shared/plan-file/plan-file.types.ts';
import type { DocumentLine } from './document-lines.ts';
import { sectionOf } from './document-sections.ts';
import type { ReportWriter } from './extraction-report.ts';

/**
 * Reads the work area as the Latar Belakang usually says it ("wilayah kerjanya yaitu Provinsi Riau, Provinsi
 * Kepulauan Riau, dan Provinsi Sumatera Barat dengan rincian 3 (tiga) instansi pemerintah provinsi dan 38 …
 * instansi kabupaten/kota") and a printed total ("seluruh instansi … wilayah kerja … sebanyak 41 instansi").
 * Null when no line names a province or a count of agencies of the work area: unknown, not zero.
 */
const WORK_AREA = /wilayah\s+kerja/i;
/**
 * "Provinsi Kepulauan Riau": the word, then capitalised words; "pemerintah provinsi" (lowercase) is a kind, not a
 * name.
 */
const PROVINCE = /Provinsi\s+((?:[A-Z][a-z]+)(?:\s+[A-Z][a-z]+)*)/g;
const AGENCY_COUNT =
  /(\d{1,5})\s*(?:\([^)]*\)\s*)?instansi\s+(?:pemerintah\s+)?(provinsi|kabupaten\/kota|kab\/kota|vertikal)\b/gi;
const TOTAL = /sebanyak\s+(\d{1,5})\s*(?:\([^)]*\)\s*)?instansi/i;
/** What the total covers: "seluruh instansi pemerintah daerah wilayah kerja" (all regional-government agencies). */
const SCOPE = /seluruh\s+instansi\s+[a-z\s]*?wilayah\s+kerja/i;

const KIND_OF: Record<string, AgencyKind> = {
  provinsi: 'PROVINCIAL_GOVERNMENT',
  'kabupaten/kota': 'REGENCY_CITY_GOVERNMENT',
  'kab/kota': 'REGENCY_CITY_GOVERNMENT',
  vertikal: 'VERTICAL_AGENCY',
};

export function extractWorkArea(lines: DocumentLine[], report: ReportWriter): WorkAreaEntry | null {
  const area: WorkAreaEntry = { provinces: [], agencies: [], totalAgencies: null, flags: [] };
  for (const line of lines.filter((candidate) => WORK_AREA.test(candidate.text))) {
    const location = `${sectionOf(lines, line.number)}, paragraph "wilayah kerja"`;
    readProvinces(line, location, area);
    readAgencyCounts(line, location, area, report);
    readTotal(line, sectionOf(lines, line.number), area, report);
  }
  if (!area.provinces.length && !area.agencies.length && !area.totalAgencies) return null;
  area.flags = flagsOf(area);
  return area;
}

function readProvinces(line: DocumentLine, location: string, area: WorkAreaEntry): void {
  for (const match of line.text.matchAll(PROVINCE)) {
    if (area.provinces.some((province) => province.name === match[1])) continue;
    area.provinces.push({ name: match[1]!, source: { line: line.number, location, printed: match[0] } });
  }
}

function readAgencyCounts(line: DocumentLine, location: string, area: WorkAreaEntry, report: ReportWriter): void {
  for (const match of line.text.matchAll(AGENCY_COUNT)) {
    const kind = KIND_OF[match[2]!.toLowerCase()]!;
    const count = Number(match[1]);
    const earlier = area.agencies.find((agency) => agency.kind === kind);
    if (earlier) {
      if (earlier.count !== count)
        report.unsure(
          line.number,
          line.text,
          `${match[0]} counts ${kind} again as ${count}; the draft keeps ${earlier.count} (line ` +
            `${earlier.source.line})`,
        );
      continue;
    }
    area.agencies.push({ kind, count, source: { line: line.number, location, printed: match[0] } });
  }
}

function readTotal(line: DocumentLine, section: string, area: WorkAreaEntry, report: ReportWriter): void {
  const match = TOTAL.exec(line.text);
  if (!match) return;
  if (area.totalAgencies) {
    if (area.totalAgencies.count !== Number(match[1]))
      report.unsure(
        line.number,
        line.text,
        `the total is said here as ${match[1]} but as ${area.totalAgencies.count} on line ` +
          `${area.totalAgencies.source.line}; the draft keeps the first`,
      );
    return;
  }
  const scope = SCOPE.exec(line.text)?.[0];
  if (!scope)
    report.unsure(line.number, line.text, `"${match[0]}" names no scope; recorded as "instansi wilayah kerja"`);
  area.totalAgencies = {
    count: Number(match[1]),
    scope: scope ?? 'instansi wilayah kerja',
    source: { line: line.number, location: `${section}, "${match[0]}"`, printed: match[0] },
  };
}

/** The two things a reader must know about the counts: they miss the total, or a kind is not counted at all. */
function flagsOf(area: WorkAreaEntry): Flag[] {
  const flags: Flag[] = [];
  const sum = area.agencies.reduce((total, agency) => total + agency.count, 0);
  const printed = area.agencies.map((agency) => `${agency.count} (line ${agency.source.line})`).join(' + ');
  if (area.totalAgencies && area.agencies.length && sum !== area.totalAgencies.count) {
    flags.push({
      code: 'AGENCY_COUNT_MISMATCH',
      message:
        `The agencies counted by kind, ${printed} = ${sum}, do not add up to the total ${area.totalAgencies.count} ` +
        `(line ${area.totalAgencies.source.line}); both are kept as printed.`,
    });
  }
  const uncounted = (['PROVINCIAL_GOVERNMENT', 'REGENCY_CITY_GOVERNMENT', 'VERTICAL_AGENCY'] as const).filter(
    (kind) => !area.agencies.some((agency) => agency.kind === kind),
  );
  if (area.agencies.length && uncounted.length) {
    flags.push({
      code: 'KIND_NOT_COUNTED',
      message: `The document does not count the ${uncounted.join(', ')} of its work area: unknown, not zero.`,
    });
  }
  return flags;
}
