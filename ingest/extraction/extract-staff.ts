import type { Flag, MovementType, PlanFile } from '../../shared/plan-file/plan-file.types.ts';
import { isBlankLine, type DocumentLine } from './document-lines.ts';
import { sectionOf } from './document-sections.ts';
import type { ReportWriter } from './extraction-report.ts';

/**
 * Reads the headcount sentence ("Komposisi pegawai pada akhir Desember 2020 berjumlah 87 … orang") and the
 * movements listed after it ("3 (tiga) orang pegawai … pensiun, 1 orang pegawai mutasi dari UPT Batam …").
 * Composition charts (by Jabatan, Golongan …) are images in the exports: their headings are reported.
 */
export interface StaffExtraction {
  staff: PlanFile['staff'];
  flags: Flag[];
  /** Lines that say the headcount again (another phrasing), agreeing with the one read. */
  repeatedOn: number[];
}

const MONTHS = [
  'januari',
  'februari',
  'maret',
  'april',
  'mei',
  'juni',
  'juli',
  'agustus',
  'september',
  'oktober',
  'november',
  'desember',
];
const HEADCOUNT = new RegExp(
  String.raw`(?:komposisi|jumlah)\s+pegawai\s+(?:pada|per)\s+(akhir\s+)?(?:bulan\s+)?` +
    String.raw`(?:(\d{1,2})\s+)?([a-z]+)\s+(20\d{2})\s+(?:berjumlah|sebanyak|adalah)\s+(\d+)`,
  'i',
);
/** "3 (tiga) orang pegawai", "1 orang pegawai": the start of one movement clause. */
const CLAUSE_START = /(\d+)\s*(?:\([^)]*\)\s*)?orang\s+(?:pegawai\s+)?/gi;
const PERIOD = /(?:sampai\s+dengan|s\.d\.?|selama|pada)\s+(?:bulan\s+|tahun\s+)?(?:[a-z]+\s+)?(20\d{2})/i;
/**
 * The same headcount said another way, often outside the staff section: "(jumlah pegawai sebanyak 87 orang)"
 * in the spending paragraph, "jumlah ASN Kantor Regional XII sebanyak 95 orang", "didukung oleh 95 (…) orang
 * pegawai".
 */
const OTHER_HEADCOUNTS = [
  new RegExp(
    String.raw`jumlah\s+(?:pegawai|ASN|PNS)(?:\s+[A-Za-z]+){0,6}?\s+(?:sebanyak|berjumlah|sejumlah|adalah|yaitu)` +
      String.raw`\s+(\d{1,6})\s*(?:\([^)]*\)\s*)?orang`,
    'i',
  ),
  new RegExp(
    String.raw`(?:didukung\s+oleh|sebanyak|berjumlah|sejumlah|terdiri\s+(?:dari|atas)|memiliki)` +
      String.raw`\s+(\d{1,6})\s*(?:\([^)]*\)\s*)?orang\s+(?:pegawai|ASN|PNS)\b`,
    'i',
  ),
];
const MOVEMENT_WORDS = /pensiun|mutasi|pindah|meninggal/i;
const DATE_IN_SENTENCE = new RegExp(String.raw`(?:(\d{1,2})\s+)?(${MONTHS.join('|')})\s+(20\d{2})`, 'i');
const CHART_HEADING = new RegExp(
  String.raw`^(?:komposisi\s+pegawai\s+)?(?:berdasarkan\s+` +
    String.raw`(jabatan|golongan|agama|jenis\s+kelamin|(?:jenjang\s+)?pendidikan|(?:rentang\s+)?usia)|` +
    String.raw`(jumlah\s+pegawai))\s*$`,
  'i',
);

/** `year`: the plan's, the date given to a headcount stated without one (reported as unsure). */
export function extractStaff(lines: DocumentLine[], report: ReportWriter, year?: number): StaffExtraction {
  const staff: PlanFile['staff'] = { headcounts: [], movements: [] };
  for (const line of lines) {
    for (const sentence of sentencesOf(line.text)) {
      const headcount = HEADCOUNT.exec(sentence);
      if (headcount) {
        const asOf = dateOf(headcount, line, report);
        if (asOf) {
          staff.headcounts.push({
            asOf,
            dimension: 'TOTAL',
            category: null,
            count: Number(headcount[5]),
            source: {
              line: line.number,
              location: `${sectionOf(lines, line.number)}, "${headcount[0]}"`,
              printed: headcount[5]!,
            },
          });
        }
      } else if (/orang\s+pegawai/i.test(sentence) && /pensiun|mutasi|pindah|meninggal/i.test(sentence)) {
        staff.movements.push(...movementsOf(sentence, line, sectionOf(lines, line.number), report));
      }
    }
  }
  const repeatedOn = readOtherHeadcounts(lines, staff, report, year);
  const missing = missingCharts(lines, report);
  const flags: Flag[] = missing.length
    ? [
        {
          code: 'FIGURES_MISSING',
          message:
            'The staff composition charts ' +
            `(${missing.map((line) => `"${line.text.trim()}", line ${line.number}`).join('; ')}) are images and ` +
            'are missing from the text; no headcount by those dimensions is known.',
        },
      ]
    : [];
  return { staff, flags, repeatedOn };
}

/**
 * Headcounts said in the other usual ways. One that agrees with a headcount already read is the same figure
 * said twice and adds nothing; one that disagrees is reported and the staff section's figure kept; one with
 * no headcount read before it becomes the headcount (dated as its sentence says, else reported).
 */
function readOtherHeadcounts(
  lines: DocumentLine[],
  staff: PlanFile['staff'],
  report: ReportWriter,
  year: number | undefined,
): number[] {
  const repeatedOn: number[] = [];
  for (const line of lines) {
    if (line.text.includes('\t')) continue; // table rows: "Layanan SDM  115 orang" is a volume
    for (const sentence of sentencesOf(line.text)) {
      if (HEADCOUNT.test(sentence) || MOVEMENT_WORDS.test(sentence)) continue;
      const match = OTHER_HEADCOUNTS.map((pattern) => pattern.exec(sentence)).find((found) => found !== null);
      if (!match) continue;
      const count = Number(match[1]);
      const total = staff.headcounts.find((headcount) => headcount.dimension === 'TOTAL');
      if (total) {
        if (total.count !== count) {
          report.unsure(
            line.number,
            match[0],
            `the headcount is said here as ${count} but as ${total.count} on line ${total.source.line}; ` +
              `the draft keeps ${total.count}`,
          );
        } else if (line.number !== total.source.line) repeatedOn.push(line.number);
        continue;
      }
      const date = DATE_IN_SENTENCE.exec(sentence);
      let asOf: string | null = null;
      if (date)
        asOf = dateOf([date[0], undefined, date[1], date[2], date[3]] as unknown as RegExpExecArray, line, report);
      else if (year !== undefined) {
        asOf = `${year}-01-01`;
        report.unsure(
          line.number,
          match[0],
          `the headcount names no date; dated the first day of the plan year, ${asOf}`,
        );
      }
      if (!asOf) continue;
      staff.headcounts.push({
        asOf,
        dimension: 'TOTAL',
        category: null,
        count,
        source: { line: line.number, location: `${sectionOf(lines, line.number)}, "${match[0]}"`, printed: match[1]! },
      });
    }
  }
  return repeatedOn;
}

/** Sentences end at ". " before a capital; abbreviations like "No. 5" are followed by a digit, not a capital. */
function sentencesOf(text: string): string[] {
  return text.split(/(?<=\.)\s+(?=[A-Z])/);
}

/** "akhir Desember 2020" is the month's last day; "31 Desember 2020" that day. */
function dateOf(match: RegExpExecArray, line: DocumentLine, report: ReportWriter): string | null {
  const month = MONTHS.indexOf(match[3]!.toLowerCase());
  if (month < 0) {
    report.unread(line.number, match[0], `"${match[3]}" is not a month; the headcount's date cannot be read`);
    return null;
  }
  const year = Number(match[4]);
  const day = match[2] ? Number(match[2]) : new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  if (!match[1] && !match[2])
    report.unsure(line.number, match[0], 'the headcount names a month but no day; dated the last day of the month');
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function movementsOf(
  sentence: string,
  line: DocumentLine,
  section: string,
  report: ReportWriter,
): PlanFile['staff']['movements'] {
  const period = PERIOD.exec(sentence)?.[1];
  if (!period) {
    report.unread(
      line.number,
      sentence,
      'staff movements without a period (no "sampai dengan <bulan> <tahun>" or "selama tahun …")',
    );
    return [];
  }
  const starts = [...sentence.matchAll(CLAUSE_START)];
  return starts.flatMap((start, index) => {
    const end = starts[index + 1]?.index ?? sentence.length;
    const clause = sentence
      .slice(start.index + start[0].length, end)
      .replace(/(?:,|\s+dan|\.)\s*$/i, '')
      .trim();
    const movement = classify(clause);
    if (!movement) {
      report.unread(
        line.number,
        `${start[0]}${clause}`,
        'a staff movement of a kind not recognised (expected pensiun, mutasi/pindah dari or ke, meninggal dunia)',
      );
      return [];
    }
    return [
      {
        period,
        type: movement.type,
        count: Number(start[1]),
        counterpart: movement.counterpart,
        source: { line: line.number, location: `${section}, "${start[0]}${clause}"`, printed: start[1]! },
      },
    ];
  });
}

function classify(clause: string): { type: MovementType; counterpart: string | null } | null {
  const transferIn = /(?:mutasi|pindah(?:an)?)\s+(?:masuk\s+)?dari\s+(.+)$/i.exec(clause);
  if (transferIn) return { type: 'TRANSFERRED_IN', counterpart: transferIn[1]!.trim() };
  const transferOut = /(?:mutasi|pindah)\s+(?:keluar\s+)?ke\s+(.+)$/i.exec(clause);
  if (transferOut) return { type: 'TRANSFERRED_OUT', counterpart: transferOut[1]!.trim() };
  if (/pensiun|batas\s+usia/i.test(clause)) return { type: 'RETIRED', counterpart: null };
  if (/meninggal/i.test(clause)) return { type: 'DIED', counterpart: null };
  return null;
}

/** A chart heading with nothing but blank lines before the next heading is an image the export lost. */
function missingCharts(lines: DocumentLine[], report: ReportWriter): DocumentLine[] {
  return lines.filter((line, index) => {
    if (!CHART_HEADING.test(line.text.trim())) return false;
    const next = lines.slice(index + 1).find((candidate) => !isBlankLine(candidate));
    const empty =
      !next ||
      CHART_HEADING.test(next.text.trim()) ||
      /^gambar\s+\d/i.test(next.text.trim()) ||
      (!next.text.includes('\t') && !/\d/.test(next.text));
    if (empty)
      report.unread(
        line.number,
        line.text,
        'a staff composition chart heading with no figures after it: the chart was an image and is missing from ' +
          'the text',
      );
    return empty;
  });
}
