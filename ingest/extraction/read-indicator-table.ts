import type { Perspective } from '../../shared/plan-file/plan-file.types.ts';
import { tableRowsAfter, type DocumentLine } from './document-lines.ts';
import type { ReportWriter } from './extraction-report.ts';
import { readPerspectiveHeading } from './read-strategy-map.ts';

/**
 * Reads the layout of the goals-and-indicators table (both seed layouts: VI's "Tabel 1" with goal numbers,
 * codes 1.a … and a SATUAN column; XII's table with "Kode IKU", targets and merged "Pagu Anggaran" /
 * "Keterangan" cells) into rows, joining cells that a merged or wrapped cell spread over several lines.
 */
export interface TableCell {
  text: string;
  /** Every line the cell's text stands on; the first is where it starts. */
  lines: number[];
}

export interface GoalRow {
  /** As printed, or the goal's position when the table prints no numbers. */
  number: string;
  name: TableCell;
  /** The perspective row the table puts it under, if the table has such rows. */
  perspective: { perspective: Perspective; text: string; line: number } | null;
}

export interface IndicatorRow {
  line: number;
  printedCode: string;
  code: string;
  goal: GoalRow | null;
  name: TableCell;
  unit: TableCell | null;
  target: TableCell | null;
  budget: TableCell | null;
  note: TableCell | null;
}

export interface IndicatorTableLayout {
  headerLine: number;
  /** "Tabel 1" when the table has a numbered title, else a description of the table. */
  name: string;
  goals: GoalRow[];
  rows: IndicatorRow[];
  /** Every line the table occupies, header included. */
  lines: number[];
}

type Role = 'goalNumber' | 'goalName' | 'code' | 'name' | 'unit' | 'target' | 'budget' | 'note';
const TEXT_ROLES: Role[] = ['goalName', 'name', 'unit', 'note'];
const INDICATOR_CODE = /^(?:IKU[.\s]*\d{1,2}|\d{1,2}(?:\.[a-z])?)$/i;

export function readIndicatorTable(lines: DocumentLine[], report: ReportWriter): IndicatorTableLayout | null {
  const headerIndex = lines.findIndex(
    (line) =>
      line.cells.length > 2 &&
      line.cells.some((cell) => /indikator/i.test(cell)) &&
      line.cells.some((cell) => /^target\b/i.test(cell)),
  );
  const header = lines[headerIndex];
  if (!header) return null;
  const columns = columnsOf(header.cells);
  if (columns.code === undefined || columns.name === undefined || columns.target === undefined) {
    report.unread(
      header.number,
      header.text,
      'looks like an indicator table header, but has no recognisable code, indicator or target column',
    );
    return null;
  }
  const layout: IndicatorTableLayout = {
    headerLine: header.number,
    name: tableName(lines, headerIndex),
    goals: [],
    rows: [],
    lines: [header.number],
  };
  const open = new Map<Role, TableCell>();
  let perspective: GoalRow['perspective'] = null;
  for (const row of tableRowsAfter(lines, headerIndex)) {
    layout.lines.push(row.number);
    if (row.cells.length > header.cells.length) {
      report.unread(
        row.number,
        row.text,
        `row has ${row.cells.length} cells where the header (line ${header.number}) has ${header.cells.length}`,
      );
      continue;
    }
    const cell = (role: Role) => (columns[role] === undefined ? '' : (row.cells[columns[role]] ?? ''));
    const filled = row.cells.filter((text) => text !== '');
    const heading = filled.length === 1 ? readPerspectiveHeading(filled[0]!) : null;
    if (heading) {
      perspective = { ...heading, line: row.number };
      continue;
    }
    const startsGoal =
      columns.goalNumber !== undefined ? cell('goalNumber') !== '' : cell('code') !== '' && cell('goalName') !== '';
    if (startsGoal) openGoal(row, cell, layout.goals, open, perspective);
    if (INDICATOR_CODE.test(cell('code'))) {
      layout.rows.push(indicatorRow(row, cell, open, layout.goals.at(-1) ?? null));
    } else if (cell('code') !== '') {
      report.unread(
        row.number,
        row.text,
        `"${cell('code')}" in the code column is not an indicator code (expected 1.a, 3, IKU.9 …)`,
      );
    } else if (!startsGoal) {
      continueOpenCells(row, cell, open, report);
    }
  }
  return layout;
}

/** Goals are numbered by the table where it has a number column, else by their order. */
function openGoal(
  row: DocumentLine,
  cell: (role: Role) => string,
  goals: GoalRow[],
  open: Map<Role, TableCell>,
  perspective: GoalRow['perspective'],
): void {
  const goal: GoalRow = {
    number: cell('goalNumber') || String(goals.length + 1),
    name: { text: cell('goalName'), lines: [row.number] },
    perspective,
  };
  goals.push(goal);
  open.set('goalName', goal.name);
}

/** A header label followed by empty header cells spans them: "SASARAN STRATEGIS" over number and name. */
function columnsOf(header: string[]): Partial<Record<Role, number>> {
  const columns: Partial<Record<Role, number>> = {};
  header.forEach((label, index) => {
    if (!label) return;
    const spansNext = header[index + 1] === '';
    if (/sasaran/i.test(label))
      Object.assign(columns, spansNext ? { goalNumber: index, goalName: index + 1 } : { goalName: index });
    else if (/kode/i.test(label)) columns.code = index;
    else if (/indikator/i.test(label))
      Object.assign(
        columns,
        spansNext && columns.code === undefined ? { code: index, name: index + 1 } : { name: index },
      );
    else if (/satuan/i.test(label)) columns.unit = index;
    else if (/^target/i.test(label)) columns.target = index;
    else if (/pagu|anggaran/i.test(label)) columns.budget = index;
    else if (/keterangan/i.test(label)) columns.note = index;
  });
  return columns;
}

function tableName(lines: DocumentLine[], headerIndex: number): string {
  const title = lines
    .slice(Math.max(0, headerIndex - 4), headerIndex)
    .reverse()
    .map((line) => /^\W*(Tabel\s+\d+)/i.exec(line.text))
    .find((match) => match !== null);
  if (title) return title[1]!;
  const labels = lines[headerIndex]!.cells.filter(Boolean);
  return `table at line ${lines[headerIndex]!.number} (${labels[0]} … ${labels.at(-1)})`;
}

function indicatorRow(
  row: DocumentLine,
  cell: (role: Role) => string,
  open: Map<Role, TableCell>,
  goal: GoalRow | null,
): IndicatorRow {
  const cellOf = (role: Role): TableCell | null => {
    if (cell(role) === '') return null;
    const opened = { text: cell(role), lines: [row.number] };
    open.set(role, opened);
    return opened;
  };
  const printedCode = cell('code');
  const number = /^IKU[.\s]*(\d{1,2})$/i.exec(printedCode);
  return {
    line: row.number,
    printedCode,
    code: number ? `IKU.${number[1]}` : printedCode,
    goal,
    name: cellOf('name') ?? { text: '', lines: [row.number] },
    unit: cellOf('unit'),
    target: cellOf('target'),
    budget: cellOf('budget'),
    note: cellOf('note'),
  };
}

/** A row without a code carries the wrapped rest of the cells above it, column by column. */
function continueOpenCells(
  row: DocumentLine,
  cell: (role: Role) => string,
  open: Map<Role, TableCell>,
  report: ReportWriter,
): void {
  for (const role of ['goalNumber', 'goalName', 'code', 'name', 'unit', 'target', 'budget', 'note'] as const) {
    const text = cell(role);
    if (!text) continue;
    const target = open.get(role);
    if (!TEXT_ROLES.includes(role) || !target) {
      report.unread(
        row.number,
        row.text,
        `"${text}" stands in the ${role} column of a row without an indicator code, ` +
          'and no cell above it continues there',
      );
      continue;
    }
    target.text = `${target.text} ${text}`;
    target.lines.push(row.number);
  }
}
