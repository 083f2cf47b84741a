import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { formatProblem, validatePlanFile } from '../../shared/plan-file/validate-plan-file.ts';
import { extractPlan } from './extract-plan.ts';
import { describeExtraction } from './extraction-summary.ts';
import { UnreadableDocumentError } from './find-region-and-year.ts';
import type { CatalogueIndicator } from './match-national-indicator.ts';

export const USAGE = 'usage: npm run extract -- <document.txt> [--out draft.json] [--report report.json]';

class UsageError extends Error {}

interface ExtractArguments {
  document: string;
  out: string | null;
  reportFile: string | null;
}

function parseArguments(args: string[]): ExtractArguments {
  const fileAfter = (option: string) => {
    const index = args.indexOf(option);
    if (index < 0) return null;
    const value = args[index + 1];
    if (!value || value.startsWith('--')) throw new UsageError(`${option} needs a file name`);
    return value;
  };
  const out = fileAfter('--out');
  const reportFile = fileAfter('--report');
  const documents = args.filter(
    (arg, index) => !arg.startsWith('--') && args[index - 1] !== '--out' && args[index - 1] !== '--report',
  );
  if (documents.length !== 1) throw new UsageError(`expected one document, got ${documents.length}`);
  return { document: documents[0]!, out, reportFile };
}

function readCatalogue(): CatalogueIndicator[] {
  const url = new URL('../../subgraphs/national/reference-data/indicators.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { indicators: CatalogueIndicator[] }).indicators;
}

function readDocument(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

function extractDocument(document: string, catalogue: CatalogueIndicator[]) {
  try {
    return extractPlan({ text: readDocument(document), file: basename(document), catalogue });
  } catch (error) {
    if (error instanceof UnreadableDocumentError) throw new UsageError(`${document}: ${error.message}`);
    throw error;
  }
}

/**
 * `npm run extract`: writes the draft (to --out, else through `write`), the report's summary through
 * `printError`, the full report to --report. Exit code 0: the draft validates; 1: it does not (its problems are
 * in the summary); 2: the arguments are wrong or the document cannot be read.
 */
export function runExtractCommand(
  args: string[],
  write: (text: string) => void = (text) => process.stdout.write(text),
  printError: (line: string) => void = console.error,
): number {
  let parsed: ExtractArguments;
  let catalogue: CatalogueIndicator[];
  let extraction: ReturnType<typeof extractPlan>;
  try {
    parsed = parseArguments(args);
    catalogue = readCatalogue();
    extraction = extractDocument(parsed.document, catalogue);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    printError(`${error.message}\n${USAGE}`);
    return 2;
  }
  const { out, reportFile } = parsed;
  const { plan, report } = extraction;
  const draft = `${JSON.stringify(plan, null, 2)}\n`;
  const validation = validatePlanFile(draft, new Set(catalogue.map((indicator) => indicator.id)));
  const problems = validation.ok
    ? []
    : validation.problems.map((problem) => formatProblem(out ? basename(out) : 'draft', problem));
  if (out) writeFileSync(out, draft);
  else write(draft);
  if (reportFile)
    writeFileSync(reportFile, `${JSON.stringify({ ...report, validationProblems: problems }, null, 2)}\n`);
  const counts =
    `region ${plan.region}, year ${plan.year}: ${plan.indicatorTargets.length} indicators, ` +
    `${plan.budgetLines.length} budget lines, ${plan.budgetAllocations.length} allocations`;
  printError(describeExtraction(report, counts, problems));
  return problems.length ? 1 : 0;
}
