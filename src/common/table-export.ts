import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type ExcelJSModule from 'exceljs';
import { assertOpen, drained, send, unlessClosed } from '../audit/export-trail.js';
import { lazyRequire } from './lazy-require.js';
import { lookupTable } from './own-key.js';

// exceljs is large: loaded on the first XLSX, not at start-up.
const excel = lazyRequire<typeof ExcelJSModule>('exceljs');

/**
 * The one streaming CSV/XLSX table writer (enterprise export, seedling candidates) and the
 * spreadsheet helpers every download shares. Auditing stays with the caller (ExportTrail).
 */
export type ExportFormat = 'csv' | 'xlsx';
export type Cell = string | number | null;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';
export const CONTENT_TYPES: Record<ExportFormat, string> = lookupTable<Record<ExportFormat, string>>({ csv: CSV_TYPE, xlsx: XLSX_TYPE });

export interface ExportColumn {
  header: string;
  width: number;
  /** Yuan with two decimals (CSV text `1234.50`, XLSX number formatted `#,##0.00`). */
  money?: boolean;
  /** A number column (documentation for readers of the column list; cells are numbers already). */
  numeric?: boolean;
}

/** Text that a spreadsheet would run as a formula gets a leading apostrophe (CSV/formula injection). */
export function safeText(value: string | null | undefined): string {
  if (!value) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Streams the header and then each chunk of rows to `out` and ends it: CSV as UTF-8 with a BOM
 * (so Excel reads the Chinese text), XLSX through exceljs's streaming writer with a bold, frozen
 * header row. `progress.rows` counts the rows written, for the caller's audit trail; a client that
 * goes away stops the loop (ClientGoneError from export-trail).
 */
export async function writeTable(format: ExportFormat, out: Writable, sheetName: string, columns: readonly ExportColumn[], chunks: AsyncIterable<Cell[][]>, progress: { rows: number }): Promise<void> {
  if (format === 'csv') {
    await send(out, `\uFEFF${stringify([columns.map((c) => c.header)])}`);
    for await (const rows of chunks) {
      await send(out, stringify(rows.map((r) => r.map((c, i) => (c === null ? '' : columns[i]?.money ? (c as number).toFixed(2) : c)))));
      progress.rows += rows.length;
    }
    out.end();
    return;
  }
  const workbook = new (excel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width, style: c.money ? { numFmt: '#,##0.00' } : {} }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const rows of chunks) {
    assertOpen(out);
    for (const r of rows) sheet.addRow(r).commit();
    progress.rows += rows.length;
    if (out.writableNeedDrain) await drained(out);
  }
  sheet.commit();
  await unlessClosed(out, workbook.commit());
}
