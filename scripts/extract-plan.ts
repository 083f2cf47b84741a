/**
 * Reads a Renja / RKT document (its text export) into a draft plan file, and reports what it could not read.
 *   npm run extract -- <document.txt> [--out draft.json] [--report report.json]
 * Without --out the draft goes to stdout. The report's summary always goes to stderr; --report also writes
 * it in full as JSON. The draft is checked with the plan-file validator: exit 0 when it validates, 1 when
 * it was written but does not validate (its problems are on stderr), 2 when the document cannot be read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { formatProblem, validatePlanFile } from '../shared/plan-file/validate-plan-file.ts';
import { extractPlan } from '../ingest/extraction/extract-plan.ts';
import type { ExtractionReport, ReportEntry } from '../ingest/extraction/extraction-report.ts';
import { UnreadableDocumentError } from '../ingest/extraction/find-region-and-year.ts';
import type { CatalogueIndicator } from '../ingest/extraction/match-national-indicator.ts';

const USAGE = 'usage: npm run extract -- <document.txt> [--out draft.json] [--report report.json]';

function parseArguments(args: string[]): { document: string; out: string | null; reportFile: string | null } {
  const valueOf = (option: string) => {
    const index = args.indexOf(option);
    if (index < 0) return null;
    const value = args[index + 1];
    if (!value || value.startsWith('--')) fail(`${option} needs a file name`);
    return value;
  };
  const out = valueOf('--out');
  const reportFile = valueOf('--report');
  const documents = args.filter(
    (arg, index) => !arg.startsWith('--') && args[index - 1] !== '--out' && args[index - 1] !== '--report',
  );
  if (documents.length !== 1) fail(`expected one document, got ${documents.length}`);
  return { document: documents[0]!, out, reportFile };
}

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function readCatalogue(): CatalogueIndicator[] {
  const url = new URL('../subgraphs/national/reference-data/indicators.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { indicators: CatalogueIndicator[] }).indicators;
}

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
    ...report.parts.map((part) =>
      part.status === 'found'
        ? `  ${part.part}: found, ${part.detail}, line${part.lines.length === 1 ? '' : 's'} ${lineRanges(part.lines)}`
        : `  ${part.part}: NOT FOUND, ${part.detail}${part.lines.length ? `; looked at line${part.lines.length === 1 ? '' : 's'} ${lineRanges(part.lines)}` : ''}`,
    ),
  ];
}

function summary(report: ExtractionReport, counts: string, problems: string[]): string {
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

function readDocument(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    fail(`cannot read ${path}: ${(error as Error).message}`);
  }
}

const { document, out, reportFile } = parseArguments(process.argv.slice(2));
const catalogue = readCatalogue();
const text = readDocument(document);
let extraction: ReturnType<typeof extractPlan>;
try {
  extraction = extractPlan({ text, file: basename(document), catalogue });
} catch (error) {
  if (error instanceof UnreadableDocumentError) fail(`${document}: ${error.message}`);
  throw error;
}
const { plan, report } = extraction;
const draft = `${JSON.stringify(plan, null, 2)}\n`;
const validation = validatePlanFile(draft, new Set(catalogue.map((indicator) => indicator.id)));
const problems = validation.ok
  ? []
  : validation.problems.map((problem) => formatProblem(out ? basename(out) : 'draft', problem));
if (out) writeFileSync(out, draft);
else process.stdout.write(draft);
if (reportFile) writeFileSync(reportFile, `${JSON.stringify({ ...report, validationProblems: problems }, null, 2)}\n`);
const counts = `region ${plan.region}, year ${plan.year}: ${plan.indicatorTargets.length} indicators, ${plan.budgetLines.length} budget lines, ${plan.budgetAllocations.length} allocations`;
console.error(summary(report, counts, problems));
process.exit(problems.length ? 1 : 0);
