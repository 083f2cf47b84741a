import type { Flag, PlanFile } from '../../shared/plan-file/plan-file.types.ts';
import { readDocumentLines, type DocumentLine } from './document-lines.ts';
import { accountForParts, findUnlistedIndicatorCodes } from './account-for-parts.ts';
import { crossCheckBudgetSummary } from './cross-check-budget-summary.ts';
import { extractActivityTargets } from './extract-activity-targets.ts';
import { extractAssets } from './extract-assets.ts';
import { extractBudgetAllocations } from './extract-budget-allocations.ts';
import { extractBudgetTree } from './extract-budget-tree.ts';
import { extractIndicatorTable } from './extract-indicator-table.ts';
import { applyRevisedTargets } from './extract-revised-targets.ts';
import { extractStaff } from './extract-staff.ts';
import { extractTotals } from './extract-totals.ts';
import { extractWorkArea } from './extract-work-area.ts';
import { createReport, type ExtractionReport, type ReportWriter } from './extraction-report.ts';
import { findMissingFigures } from './find-missing-figures.ts';
import { findRegionAndYear } from './find-region-and-year.ts';
import type { CatalogueIndicator } from './match-national-indicator.ts';
import { findPrintedNumbers } from './read-printed-number.ts';

export interface ExtractionInput {
  /** The document's text, as exported from Word/PDF. */
  text: string;
  /** The document's file name, recorded in the draft. */
  file: string;
  /** The national indicator catalogue the indicators are mapped to. */
  catalogue: CatalogueIndicator[];
}

/**
 * Reads a Renja / RKT text into a draft plan file and a report of what it could not read, with every part a
 * plan can hold accounted for (found with its lines, or not found with the lines looked at). The draft holds
 * only figures the document prints, each with its line and printed form; throws UnreadableDocumentError
 * when the document names no region or year.
 */
export function extractPlan({ text, file, catalogue }: ExtractionInput): { plan: PlanFile; report: ExtractionReport } {
  const lines = readDocumentLines(text);
  const { report, writer } = createReport(file);
  const identity = findRegionAndYear(lines, writer);
  const table = extractIndicatorTable(lines, catalogue, writer);
  const budgetAllocations = table ? extractBudgetAllocations(table.layout, table.location, writer) : [];
  const tree = extractBudgetTree(lines, writer);
  const budgetLines = tree?.budgetLines ?? [];
  const totals = extractTotals(lines, identity.year, writer);
  const summaryLines = crossCheckBudgetSummary(lines, budgetLines, totals.totalBudget?.amount ?? null, writer);
  const indicatorTargets = table?.indicatorTargets ?? [];
  applyRevisedTargets(lines, indicatorTargets, identity.year, writer);
  const staff = extractStaff(lines, writer, identity.year);
  const figureFlags = findMissingFigures(lines, writer);
  const workArea = extractWorkArea(lines, writer);
  const plan: PlanFile = {
    format: 'bkn-plan/1',
    region: identity.region,
    year: identity.year,
    kind: 'DOCUMENT',
    document: { file, title: identity.title },
    flags: [...totals.flags, ...locationRowFlags(tree?.locationRows ?? []), ...staff.flags, ...figureFlags],
    totalBudget: totals.totalBudget,
    spendingSplit: totals.spendingSplit,
    strategicGoals: table?.strategicGoals ?? [],
    indicatorTargets,
    budgetLines,
    budgetAllocations,
    staff: staff.staff,
    organisationUnits: [],
    workArea,
    assets: extractAssets(lines),
    activityTargets: extractActivityTargets(lines, budgetLines),
  };
  const tableLines = new Set([...(table?.layout.lines ?? []), ...(tree?.lines ?? []), ...summaryLines]);
  reportUnreadAmounts(lines, plan, tableLines, report, writer);
  for (const { code, lines: printedOn } of findUnlistedIndicatorCodes(lines, plan)) {
    writer.unread(
      printedOn[0]!,
      lines[printedOn[0]! - 1]?.text ?? code,
      `indicator ${code} is printed (lines ${printedOn.join(', ')}) but not in the draft's indicator rows`,
    );
  }
  report.parts = accountForParts(lines, plan);
  const headcount = report.parts.find((part) => part.part === 'headcount');
  if (headcount?.status === 'found' && staff.repeatedOn.length)
    headcount.detail += `; said again, agreeing, on line ${staff.repeatedOn.join(', ')}`;
  report.unread.sort(byLine);
  report.unsure.sort(byLine);
  return { plan, report };
}

/** Location rows carry no amount; saying so keeps their absence from looking like a loss. */
function locationRowFlags(rows: DocumentLine[]): Flag[] {
  if (rows.length === 0) return [];
  const names = [...new Set(rows.map((row) => row.cells[1]))].join(', ');
  return [
    {
      code: 'LOCATION_ROWS_SKIPPED',
      message:
        `The budget table has ${rows.length} location rows (${names}) with amount "-" (lines ` +
        `${rows.map((row) => row.number).join(', ')}); they carry no amount and are not budget lines.`,
    },
  ];
}

/** A Rupiah amount in the prose that no step read is exactly what a reader must look at. */
function reportUnreadAmounts(
  lines: DocumentLine[],
  plan: PlanFile,
  tableLines: Set<number>,
  report: ExtractionReport,
  writer: ReportWriter,
): void {
  const read = new Set(
    [
      plan.totalBudget?.source,
      ...plan.spendingSplit.map((part) => part.source),
      ...plan.budgetAllocations.map((allocation) => allocation.source),
    ]
      .filter((source) => source !== undefined)
      .map((source) => `${source.line}:${source.printed}`),
  );
  const alreadyReported = new Set(report.unread.map((entry) => entry.line));
  for (const line of lines) {
    if (tableLines.has(line.number) || alreadyReported.has(line.number)) continue;
    for (const number of findPrintedNumbers(line.text)) {
      if (/^Rp/i.test(number.printed) && !read.has(`${line.number}:${number.printed}`)) {
        writer.unread(line.number, line.text, `the amount ${number.printed} is not read into the draft`);
      }
    }
  }
}

function byLine(a: { line: number | null }, b: { line: number | null }): number {
  return (a.line ?? 0) - (b.line ?? 0);
}
