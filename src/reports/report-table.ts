import { formatDate, formatGrouped, formatInteger, formatPercent, formatWan } from '../common/format.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import type { ChartImage } from './charts.js';

/**
 * One table of a report, as data: the page renders it beside its chart, the XLSX export writes it
 * as a sheet, and the tests compare it with the chart and with SQL. Cells hold raw values (money in
 * yuan, rates as fractions); formatting happens only when rendering.
 */
export type CellKind = 'text' | 'int' | 'wan' | 'percent' | 'days' | 'date' | 'decimal';
export type CellValue = string | number | null;

export interface ReportColumn {
  label: string;
  kind: CellKind;
}

export interface ReportRow {
  cells: CellValue[];
  /** Links per cell index (e.g. the enterprise's file). */
  links?: Record<number, string>;
  total?: boolean;
}

export interface ReportTable {
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** Colour numeric cells by size (the heat table), except the last column and total rows. */
  heat?: boolean;
}

export interface ReportBlock {
  chart?: ChartImage;
  table: ReportTable;
}

export interface ReportSection {
  id: string;
  title: string;
  intro?: string;
  notes?: string[];
  unavailable?: string;
  blocks: ReportBlock[];
  links?: { href: string; label: string }[];
  /** A POST button (e.g. run the forecast); the template adds the CSRF token. */
  action?: { href: string; label: string };
  pagination?: { total: number; page: number; pages: number; prevPage: number | null; nextPage: number | null; pageHref: string };
}

export function formatCell(value: CellValue, kind: CellKind, locale: Locale): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (kind) {
    case 'int':
      return formatInteger(value);
    case 'wan':
      return formatWan(value, locale);
    case 'percent':
      return formatPercent(value);
    case 'days':
      return translate(locale, 'reports.days', { n: typeof value === 'number' ? (Math.round(value * 10) / 10).toString() : value });
    case 'date':
      return formatDate(value);
    case 'decimal':
      return typeof value === 'number' ? formatGrouped(value, 3) : String(value);
    default:
      return String(value);
  }
}

/** The table as the template needs it: formatted cells, numeric alignment, heat classes, links. */
export function tableView(table: ReportTable, locale: Locale) {
  let max = 0;
  if (table.heat) {
    for (const row of table.rows) {
      if (row.total) continue;
      row.cells.forEach((c, i) => {
        if (i > 0 && i < row.cells.length - 1 && typeof c === 'number') max = Math.max(max, c);
      });
    }
  }
  return {
    id: table.id,
    title: table.title,
    headers: table.columns.map((c) => ({ label: c.label, num: c.kind !== 'text' && c.kind !== 'date' })),
    rows: table.rows.map((row) => ({
      total: !!row.total,
      cells: row.cells.map((value, i) => {
        const kind = table.columns[i]?.kind ?? 'text';
        const heatable = table.heat && !row.total && i > 0 && i < row.cells.length - 1 && typeof value === 'number';
        const level = heatable && max > 0 ? Math.ceil((5 * (value as number)) / max) : 0;
        return {
          text: formatCell(value, kind, locale),
          num: kind !== 'text' && kind !== 'date',
          href: row.links?.[i] ?? null,
          first: i === 0,
          cls: heatable ? `report-heat-${level}` : '',
        };
      }),
    })),
  };
}
