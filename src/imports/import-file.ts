import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type ExcelJSModule from 'exceljs';
import { lazyRequire } from '../common/lazy-require.js';

const excel = lazyRequire<typeof ExcelJSModule>('exceljs');
import { InvalidInputError } from '../common/errors.js';
import type { CellValue } from './import-columns.js';

export const MAX_IMPORT_ROWS = 50_000;

export interface RawTable {
  headers: CellValue[];
  /** Data rows with their row number as a spreadsheet shows it (the header is row 1). */
  rows: { row: number; cells: CellValue[] }[];
}

const isBlank = (cells: CellValue[]) => cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));

/** UTF-8 (with or without BOM) or, failing that, GB18030 — what Excel in China saves as "CSV". */
export function decodeText(buf: Buffer): string {
  const body = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

function detectDelimiter(text: string): string {
  const nl = text.search(/\r?\n/);
  const firstLine = nl < 0 ? text : text.slice(0, nl);
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

export function readCsv(buf: Buffer): RawTable {
  const text = decodeText(buf);
  let records: string[][];
  try {
    records = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true, max_record_size: 1_000_000 }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new InvalidInputError(`The CSV file cannot be read${line ? ` (near line ${line})` : ''}: ${(err as Error).message.slice(0, 200)}`, [{ field: 'file', message: 'is not a readable CSV file' }], 'import.unreadable');
  }
  return toTable(records.map((cells, i) => ({ row: i + 1, cells })));
}

/** An exceljs cell value → a plain value (rich text joined, formulas by their result, links by text). */
export function plainCell(value: ExcelJSModule.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return plainCell((value as { result?: ExcelJSModule.CellValue }).result ?? null);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String((value as { error: unknown }).error);
  }
  return String(value);
}

export async function readXlsx(path: string): Promise<RawTable> {
  const workbook = new (excel()).Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (err) {
    throw new InvalidInputError(`The XLSX file cannot be read: ${(err as Error).message.slice(0, 200)}`, [{ field: 'file', message: 'is not a readable XLSX workbook' }], 'import.unreadable');
  }
  const sheet = workbook.worksheets.find((ws) => ws.state !== 'hidden' && ws.actualRowCount > 0) ?? workbook.worksheets[0];
  const rows: { row: number; cells: CellValue[] }[] = [];
  if (sheet) {
    if (sheet.actualRowCount > MAX_IMPORT_ROWS + 1) tooMany();
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values = row.values as ExcelJSModule.CellValue[];
      // row.values is 1-based.
      rows.push({ row: rowNumber, cells: values.slice(1).map(plainCell) });
    });
  }
  return toTable(rows);
}

function tooMany(): never {
  throw new InvalidInputError(`At most ${MAX_IMPORT_ROWS} rows per import; split the file`, [{ field: 'file', message: `has more than ${MAX_IMPORT_ROWS} rows` }], 'import.tooManyRows');
}

/** The first non-blank row is the header; blank rows are skipped; row numbers are kept. */
function toTable(all: { row: number; cells: CellValue[] }[]): RawTable {
  const start = all.findIndex((r) => !isBlank(r.cells));
  if (start < 0) throw new InvalidInputError('The file has no header row', [{ field: 'file', message: 'is empty' }], 'import.empty');
  const rows = all.slice(start + 1).filter((r) => !isBlank(r.cells));
  if (rows.length > MAX_IMPORT_ROWS) tooMany();
  return { headers: all[start]!.cells, rows };
}

export async function readTable(path: string, format: 'csv' | 'xlsx'): Promise<RawTable> {
  return format === 'csv' ? readCsv(await readFile(path)) : readXlsx(path);
}
