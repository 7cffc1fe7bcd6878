import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { columnFor, TRACKER_COLUMNS, type TrackerColumnKey } from './tracker-columns.js';

export const TRACKER_FORMATS = ['xlsx', 'csv'] as const;
export type TrackerFormat = (typeof TRACKER_FORMATS)[number];

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_CONTENT_TYPE = 'text/csv';

/** What a cell held: text, a number, a date (an XLSX date cell) or a boolean; null when empty. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** The row number a spreadsheet program shows for it (the heading row is 1). */
  row: number;
  cells: Partial<Record<TrackerColumnKey, CellValue>>;
}

/** A problem the person fixing the file can find: the row, the column and why. */
export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

export interface TrackerSheet {
  headingRow: number;
  /** Headings the tracker does not have, which the import leaves alone. */
  ignoredHeadings: string[];
  rows: SheetRow[];
  /** Problems with the file as a whole (missing or repeated headings). */
  problems: RowProblem[];
}

/** The file could not be opened as the format it claims to be. */
export class UnreadableFileError extends Error {}

/** Reads the first worksheet of an XLSX workbook (or a CSV file) into rows keyed by tracker column. */
export async function readTrackerFile(bytes: Buffer, format: TrackerFormat): Promise<TrackerSheet> {
  const grid = format === 'xlsx' ? await xlsxGrid(bytes) : csvGrid(bytes);
  return toSheet(grid);
}

/** Rows of cells, with the row number each has in the file. */
type Grid = Array<{ row: number; cells: CellValue[] }>;

async function xlsxGrid(bytes: Buffer): Promise<Grid> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new UnreadableFileError(`could not be read as an XLSX workbook (${error instanceof Error ? error.message : String(error)})`);
  }
  const sheet = workbook.worksheets.find((ws) => ws.name.trim().toLowerCase() === 'tracker') ?? workbook.worksheets[0];
  if (!sheet) throw new UnreadableFileError('the workbook has no worksheet');
  const grid: Grid = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = xlsxValue(cell.value);
    });
    grid.push({ row: rowNumber, cells: Array.from(cells, (cell) => cell ?? null) });
  });
  return grid;
}

/** A cell's value as the person typing it meant it: formulas by their result, rich text as its text. */
function xlsxValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return xlsxValue((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in value && 'hyperlink' in value) return xlsxValue((value as ExcelJS.CellHyperlinkValue).text);
    if ('error' in value) return `#ERROR ${String((value as ExcelJS.CellErrorValue).error)}`;
  }
  return String(value);
}

function csvGrid(bytes: Buffer): Grid {
  let records: string[][];
  try {
    // Empty lines are kept as records, so record n is row n as a spreadsheet program shows the file.
    records = parse(bytes, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: false });
  } catch (error) {
    throw new UnreadableFileError(`could not be read as CSV (${error instanceof Error ? error.message : String(error)})`);
  }
  return records.map((cells, index) => ({ row: index + 1, cells: cells.map((cell) => (cell === '' ? null : cell)) }));
}

const isBlank = (value: CellValue) => value === null || (typeof value === 'string' && value.trim() === '');

function toSheet(grid: Grid): TrackerSheet {
  const nonEmpty = grid.filter((line) => line.cells.some((cell) => !isBlank(cell)));
  const heading = nonEmpty[0];
  if (!heading) throw new UnreadableFileError('has no rows: the first row must hold the tracker’s column headings');

  const problems: RowProblem[] = [];
  const ignoredHeadings: string[] = [];
  const columnAt = new Map<number, TrackerColumnKey>();
  const seen = new Map<TrackerColumnKey, string>();
  heading.cells.forEach((cell, index) => {
    if (isBlank(cell)) return;
    const text = String(cell).trim();
    const key = columnFor(text);
    if (key === null) {
      ignoredHeadings.push(text);
      return;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ row: heading.row, column: text, message: `names the same column as "${earlier}"; keep one of them` });
      return;
    }
    seen.set(key, text);
    columnAt.set(index, key);
  });
  for (const column of TRACKER_COLUMNS) {
    if (column.required && !seen.has(column.key)) {
      problems.push({ row: heading.row, column: column.heading, message: 'this column is required and missing from the heading row' });
    }
  }

  const rows: SheetRow[] = [];
  for (const line of nonEmpty.slice(1)) {
    const cells: SheetRow['cells'] = {};
    for (const [index, key] of columnAt) {
      const value = line.cells[index] ?? null;
      cells[key] = typeof value === 'string' ? (value.trim() === '' ? null : value.trim()) : value;
    }
    // A row with nothing in the tracker's own columns (notes beside the table) is not an audit.
    if (Object.values(cells).every((value) => value === null)) continue;
    rows.push({ row: line.row, cells });
  }
  return { headingRow: heading.row, ignoredHeadings, rows, problems };
}
