import type ExcelJSModule from 'exceljs';
import { lazyRequire } from '../common/lazy-require.js';
import { safeText } from '../common/table-export.js';

const excel = lazyRequire<typeof ExcelJSModule>('exceljs');
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import type { ReportTable } from './report-table.js';

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique in the workbook. */
function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 28) || 'Sheet';
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 27 - String(i).length)}-${i}`;
  used.add(name.toLowerCase());
  return name;
}

/**
 * The reports as one workbook, one sheet per table, headers in the page's language (Chinese by
 * default), the header row frozen. Counts are numbers, money in 万元 with two decimals (the unit in
 * the header), rates as percentages, dates as YYYY-MM-DD text.
 */
export async function reportWorkbook(tables: ReportTable[], locale: Locale, meta: { title: string; filters: string; generatedAt: string }): Promise<Buffer> {
  const wb = new (excel()).Workbook();
  wb.creator = translate(locale, 'app.name');
  wb.created = new Date();
  const used = new Set<string>();
  const about = wb.addWorksheet(sheetName(translate(locale, 'reports.xlsx.about'), used));
  about.addRows([[meta.title], [translate(locale, 'reports.xlsx.filters'), meta.filters], [translate(locale, 'reports.xlsx.generatedAt'), meta.generatedAt]]);
  about.getColumn(1).width = 24;
  about.getColumn(2).width = 60;
  about.getCell('A1').font = { bold: true, size: 14 };
  const wanUnit = translate(locale, 'reports.unit.wanHeader');
  for (const table of tables) {
    const ws = wb.addWorksheet(sheetName(table.title, used), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(table.columns.map((c) => (c.kind === 'wan' ? `${c.label}${wanUnit}` : c.label)));
    ws.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      ws.addRow(row.cells.map((value, i) => {
        const kind = table.columns[i]?.kind;
        if (value === null || value === undefined) return null;
        if (kind === 'wan' && typeof value === 'number') return Math.round(value / 100) / 100;
        // Enterprise and district names come from users: never a formula (common/table-export).
        return typeof value === 'string' ? safeText(value) : value;
      }));
      if (row.total) ws.lastRow!.font = { bold: true };
    }
    table.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = Math.min(40, Math.max(10, c.label.length * (locale === 'zh-CN' ? 2 : 1) + 4));
      if (c.kind === 'wan') col.numFmt = '#,##0.00';
      else if (c.kind === 'percent') col.numFmt = '0.0%';
      else if (c.kind === 'int') col.numFmt = '#,##0';
      else if (c.kind === 'days') col.numFmt = '0.0';
      else if (c.kind === 'decimal') col.numFmt = '#,##0.000';
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
