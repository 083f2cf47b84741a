import type { ExtractionReport, ReportEntry } from './extraction-report.ts';

function describeEntries(title: string, entries: ReportEntry[]): string[] {
  if (entries.length === 0) return [`${title}: none`];
  return [
    `${title} (${entries.length}):`,
    ...entries.map((entry) => `  line ${entry.line ?? '-'}: ${entry.reason}\n      ${entry.text}`),
  ];
}

/** Lines 12, 13, 14, 20 → "12-14, 20"; long lists are cut, the JSON report (--report) has them all. */
function lineRanges(numbers: number[], max = 12): string {
  const ranges: string[] = [];
  for (const number of numbers) {
    const last = ranges.at(-1);
    const end = last ? Number(last.split('-').at(-1)) : NaN;
    if (last && number === end + 1) ranges[ranges.length - 1] = `${last.split('-')[0]}-${number}`;
    else ranges.push(String(number));
  }
  return ranges.length > max
    ? `${ranges.slice(0, max).join(', ')}, … (${ranges.length - max} more)`
    : ranges.join(', ');
}

function describeParts(report: ExtractionReport): string[] {
  return [
    'parts:',
    ...report.parts.map((part) => {
      const lines = `line${part.lines.length === 1 ? '' : 's'} ${lineRanges(part.lines)}`;
      return part.status === 'found'
        ? `  ${part.part}: found, ${part.detail}, ${lines}`
        : `  ${part.part}: NOT FOUND, ${part.detail}${part.lines.length ? `; looked at ${lines}` : ''}`;
    }),
  ];
}

/** The summary `npm run extract` prints: counts, each part found or not, what was unread or unsure, validity. */
export function describeExtraction(report: ExtractionReport, counts: string, problems: string[]): string {
  return [
    `${report.document}: ${counts}`,
    ...describeParts(report),
    ...describeEntries('unread', report.unread),
    ...describeEntries('unsure', report.unsure),
    problems.length
      ? `the draft does not validate (${problems.length} problems):\n  ${problems.join('\n  ')}`
      : 'the draft validates against the plan-file rules',
  ].join('\n');
}
