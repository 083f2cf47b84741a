import ExcelJS from 'exceljs';
import { checkedCell, COLUMN_TYPE_LABELS, type ColumnSpec, type ColumnType } from './export-column.ts';
import type { ExportTable } from './export-table.ts';
import type { ExportView } from './export-view.ts';

/** Excel number formats; they change how a number shows, never its value. Rupiah with thousands separators. */
const NUMBER_FORMATS: Partial<Record<ColumnType, string>> = {
  integer: '0',
  rupiah: '#,##0',
  decimal: '0.0##########',
};

/** Wide enough for the header and the longest of the first rows, within reason. */
function widthOf(column: ColumnSpec, table: ExportTable, index: number): number {
  const sample = table.records.slice(0, 200).map((record) => String(record[index] ?? '').length);
  const widest = Math.max(column.name.length, ...sample, column.type === 'rupiah' ? 16 : 0);
  return Math.min(Math.max(widest + 2, 8), 60);
}

/** The dictionary sheet: every column with its type and meaning, then where each document figure is printed. */
function addDictionarySheet(workbook: ExcelJS.Workbook, view: ExportView, table: ExportTable): void {
  const sheet = workbook.addWorksheet('Kamus data');
  sheet.columns = [{ width: 30 }, { width: 18 }, { width: 100 }];
  sheet.addRow([view.title]).font = { bold: true };
  sheet.addRow([`Satu baris (one row): ${view.grain}`]);
  sheet.addRow([]);
  sheet.addRow(['column', 'type', 'meaning']).font = { bold: true };
  for (const column of table.columns) sheet.addRow([column.name, COLUMN_TYPE_LABELS[column.type], column.description]);
  sheet.addRow([]);
  if (!table.provenance) {
    sheet.addRow([
      'Asal-usul (provenance): not carried by this export; each plan’s figures carry it in the graph (WorkPlan ' +
        '… provenance)',
    ]).font = { bold: true };
    return;
  }
  const provenance = table.provenance.filter((entry) => entry.document !== null);
  sheet.addRow([`Asal-usul (provenance) of the document figures in this file: ${provenance.length}`]).font = {
    bold: true,
  };
  if (provenance.length === 0) return;
  sheet.addRow(['region_code', 'year', 'item', 'figure', 'printed', 'document', 'line', 'location']).font = {
    bold: true,
  };
  for (const entry of provenance) {
    sheet.addRow([
      entry.regionCode,
      entry.year,
      entry.item,
      entry.figure,
      entry.printed,
      entry.document,
      entry.line,
      entry.location,
    ]);
  }
}

/**
 * The table as an Excel workbook: numbers as numbers (never text), Rupiah as whole numbers with a thousands
 * format, the header row frozen with an autofilter; a second sheet "Kamus data" with the column dictionary
 * and the provenance (document, line) of the document figures. Formulas are never written: every cell is a
 * value, so text that looks like a formula stays text.
 */
export async function encodeXlsx(table: ExportTable, view: ExportView): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'BKN work-plan graph';
  const sheet = workbook.addWorksheet('Data', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((column, index) => ({
    header: column.name,
    key: column.name,
    width: widthOf(column, table, index),
    style: NUMBER_FORMATS[column.type] ? { numFmt: NUMBER_FORMATS[column.type] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const record of table.records)
    sheet.addRow(table.columns.map((column, index) => checkedCell(column, record[index])));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  addDictionarySheet(workbook, view, table);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
