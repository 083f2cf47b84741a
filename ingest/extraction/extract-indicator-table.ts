import type { Flag, IndicatorTargetEntry, Perspective, PlanFile } from '../../shared/plan-file/plan-file.types.ts';
import type { DocumentLine } from './document-lines.ts';
import { sectionOf } from './document-sections.ts';
import type { ReportWriter } from './extraction-report.ts';
import { matchNationalIndicator, similarity, type CatalogueIndicator } from './match-national-indicator.ts';
import {
  readIndicatorTable,
  type GoalRow,
  type IndicatorRow,
  type IndicatorTableLayout,
} from './read-indicator-table.ts';
import { readPrintedNumber } from './read-printed-number.ts';
import { findMapTargets, findPerspectiveHeadings, perspectiveOfGoal } from './read-strategy-map.ts';

/**
 * Turns the goals-and-indicators table into strategic goals (with their perspective) and indicator
 * targets (with unit, national id and flags); the layout is kept for the budget cells it also holds.
 */
export interface IndicatorTableExtraction {
  layout: IndicatorTableLayout;
  location: string;
  strategicGoals: PlanFile['strategicGoals'];
  indicatorTargets: IndicatorTargetEntry[];
}

type StrategicGoal = PlanFile['strategicGoals'][number];

export function extractIndicatorTable(
  lines: DocumentLine[],
  catalogue: CatalogueIndicator[],
  report: ReportWriter,
): IndicatorTableExtraction | null {
  const layout = readIndicatorTable(lines, report);
  if (!layout) {
    report.unread(
      null,
      '',
      'no goals-and-indicators table (a tab-separated header with an "Indikator" and a "Target" column) was found',
    );
    return null;
  }
  const location = `${sectionOf(lines, layout.headerLine)}, ${layout.name}`;
  const indicatorTargets = layout.rows.map((row, position) =>
    indicatorTarget(row, position, layout.rows.length, location, catalogue, report),
  );
  reportSharedNationalIds(indicatorTargets, report);
  reportInferredUnits(layout, report);
  crossCheckWithStrategyMap(lines, indicatorTargets, report);
  const strategicGoals = goalsWithPerspective(lines, layout, location, indicatorTargets, catalogue, report);
  return { layout, location, strategicGoals, indicatorTargets };
}

function indicatorTarget(
  row: IndicatorRow,
  position: number,
  tableSize: number,
  location: string,
  catalogue: CatalogueIndicator[],
  report: ReportWriter,
): IndicatorTargetEntry {
  const flags: Flag[] = [];
  if (row.code !== row.printedCode)
    flags.push({
      code: 'CODE_NORMALISED',
      message:
        `The table (line ${row.line}) prints the code as "${row.printedCode}"; ` +
        `normalised to "${row.code}" like the other rows.`,
    });
  const name = row.name.text || row.code;
  if (!row.name.text)
    report.unsure(
      row.line,
      row.printedCode,
      `indicator ${row.code} has no name in the table; its code stands in for the name`,
    );
  const target = row.target ? readPrintedNumber(row.target.text, 'measure') : null;
  if (!row.target) report.unread(row.line, `${row.printedCode} ${name}`, 'the target cell of this indicator is empty');
  else if (target?.value === null)
    report.unread(row.line, row.target.text, `the target of ${row.code} is not a number`);
  for (const flag of target?.flags ?? []) {
    flags.push(flag);
    report.unsure(row.line, row.target!.text, `${flag.code}: ${flag.message}`);
  }
  const unit = row.unit?.text ?? (target?.percent ? '%' : 'Indeks');
  if (row.unit && /^(persentase|presentase|prosentase)\b/i.test(name) && !unit.includes('%')) {
    flags.push({
      code: 'UNIT_NAME_MISMATCH',
      message:
        `The indicator name says "${name.split(' ')[0]} …" (a percentage) but the unit column (line ` +
        `${row.unit.lines[0]}) says "${unit}". Both are kept as printed.`,
    });
  }
  const national = matchNationalIndicator({ code: row.code, name, position }, tableSize, catalogue);
  if (!national.sure)
    report.unsure(row.line, `${row.printedCode} ${name}`, `mapped to ${national.id}, unsure: ${national.reason}`);
  const value = target?.value ?? null;
  return {
    code: row.code,
    name,
    unit,
    nationalIndicatorId: national.id,
    goalNumber: row.goal?.number ?? null,
    target: value,
    targetSource:
      value === null
        ? null
        : { line: row.target!.lines[0]!, location: `${location}, row ${row.code}`, printed: row.target!.text },
    realisation: null,
    realisationSource: null,
    revisedFrom: null,
    flags,
  };
}

function reportSharedNationalIds(indicators: IndicatorTargetEntry[], report: ReportWriter): void {
  const seen = new Map<string, string>();
  for (const indicator of indicators) {
    const other = seen.get(indicator.nationalIndicatorId);
    if (other)
      report.unsure(
        indicator.targetSource?.line ?? null,
        `${indicator.code} ${indicator.name}`,
        `maps to ${indicator.nationalIndicatorId} like ${other}; one of them is mapped wrongly`,
      );
    seen.set(indicator.nationalIndicatorId, indicator.code);
  }
}

/** Without a unit column the unit can only be read off the target: "100%" is a percentage, a bare figure an index. */
function reportInferredUnits(layout: IndicatorTableLayout, report: ReportWriter): void {
  const inferred = layout.rows.filter((row) => !row.unit);
  if (inferred.length === 0) return;
  report.unsure(
    layout.headerLine,
    layout.name,
    `the table has no unit column: the unit of ${inferred.map((row) => row.code).join(', ')} is "%" where the ` +
      'target is printed with "%", otherwise "Indeks"',
  );
}

/** A strategy map that repeats the targets must agree with the table; the table's figure is the one kept. */
function crossCheckWithStrategyMap(
  lines: DocumentLine[],
  indicators: IndicatorTargetEntry[],
  report: ReportWriter,
): void {
  for (const entry of findMapTargets(lines)) {
    const indicator = indicators[entry.position - 1];
    if (!indicator?.targetSource || similarity(entry.name, indicator.name) < 0.5) continue;
    const mapped = readPrintedNumber(entry.printedTarget, 'measure');
    const tablePrinted = indicator.targetSource.printed ?? '';
    if (mapped.value !== indicator.target) {
      const message =
        `The strategy map (line ${entry.line}) prints "Target ${entry.printedTarget}" where the table (line ` +
        `${indicator.targetSource.line}) prints ${tablePrinted}; the table's figure is kept.`;
      indicator.flags.push({ code: 'TARGET_MISMATCH', message });
      report.unsure(entry.line, lines[entry.line - 1]?.text ?? '', message);
    } else if (mapped.percent !== tablePrinted.includes('%')) {
      indicator.flags.push({
        code: 'UNIT_PRINTED_INCONSISTENTLY',
        message:
          `The strategy map (line ${entry.line}) prints "Target ${entry.printedTarget}" where the table (line ` +
          `${indicator.targetSource.line}) prints ${tablePrinted}; the target is kept as ${indicator.target}, ` +
          `unit "${indicator.unit}".`,
      });
    }
  }
}

/**
 * A goal's perspective comes from the table's perspective rows, else from the strategy map that names the
 * goal under a perspective heading, else (reported) from the national catalogue entry of its first indicator.
 */
function goalsWithPerspective(
  lines: DocumentLine[],
  layout: IndicatorTableLayout,
  location: string,
  indicators: IndicatorTargetEntry[],
  catalogue: CatalogueIndicator[],
  report: ReportWriter,
): StrategicGoal[] {
  const headings = findPerspectiveHeadings(lines);
  const goals: StrategicGoal[] = [];
  for (const goal of layout.goals) {
    const stated = goal.perspective ?? perspectiveOfGoal(goal.name.text, lines, headings, layout.headerLine);
    const perspective =
      stated?.perspective ??
      perspectiveFromCatalogue(goal, indicators, catalogue) ??
      goals.at(-1)?.perspective ??
      'STAKEHOLDER';
    if (!stated)
      report.unsure(
        goal.name.lines[0]!,
        goal.name.text,
        `no perspective heading names goal ${goal.number}; took ${perspective} from the national catalogue entry ` +
          'of its first indicator',
      );
    const wrapped = goal.name.lines.length > 1 ? `; name printed over lines ${goal.name.lines.join(', ')}, joined` : '';
    const under = stated ? ` (${stated.text}, line ${stated.line})` : '';
    goals.push({
      number: goal.number,
      name: goal.name.text,
      perspective,
      source: { line: goal.name.lines[0]!, location: `${location}, goal ${goal.number}${under}${wrapped}` },
    });
  }
  return goals;
}

function perspectiveFromCatalogue(
  goal: GoalRow,
  indicators: IndicatorTargetEntry[],
  catalogue: CatalogueIndicator[],
): Perspective | null {
  const first = indicators.find((indicator) => indicator.goalNumber === goal.number);
  const perspective = catalogue.find((entry) => entry.id === first?.nationalIndicatorId)?.perspective;
  return perspective === 'STAKEHOLDER' ||
    perspective === 'CUSTOMER' ||
    perspective === 'INTERNAL_PROCESS' ||
    perspective === 'LEARNING_AND_GROWTH'
    ? perspective
    : null;
}
