import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Actor } from '../auth/actor.js';
import { translate } from '../i18n/i18n.js';
import { ScreeningService, type CandidateQuery, type CandidateView } from './screening.service.js';
import { enforce } from '../common/policy.js';
import { decideCultivation } from './cultivation.policy.js';

export type ExportFormat = 'csv' | 'xlsx';

const CHUNK = 500;
const COLUMNS: { key: string; width: number; money?: boolean; numeric?: boolean }[] = [
  { key: 'cultivation.col.rank', width: 8, numeric: true },
  { key: 'cultivation.col.districtRank', width: 10, numeric: true },
  { key: 'cultivation.col.uscc', width: 22 },
  { key: 'cultivation.col.name', width: 36 },
  { key: 'cultivation.col.district', width: 10 },
  { key: 'cultivation.col.field', width: 18 },
  { key: 'cultivation.col.revenue', width: 18, money: true },
  { key: 'cultivation.col.employees', width: 10, numeric: true },
  { key: 'cultivation.col.score', width: 10, numeric: true },
  { key: 'cultivation.col.unmet', width: 8, numeric: true },
  { key: 'cultivation.col.missing', width: 8, numeric: true },
  { key: 'cultivation.col.reasons', width: 100 },
  { key: 'cultivation.col.pool', width: 12 },
];

type Cell = string | number | null;

/** Text a spreadsheet would run as a formula gets a leading apostrophe (CSV/formula injection). */
function safeText(value: string | null | undefined): string {
  if (!value) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The seedling list as CSV (UTF-8 with BOM, for Excel) or XLSX, in the reader's language, scoped and filtered like the page. */
@Injectable()
export class CandidateExportService {
  constructor(private readonly screening: ScreeningService) {}

  assertAllowed(actor: Actor): void {
    enforce(decideCultivation(actor, 'readCandidates'));
  }

  fileName(actor: Actor, format: ExportFormat): string {
    const stamp = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    return `${translate(actor.locale, 'cultivation.export.file')}-${stamp}.${format}`;
  }

  private row(actor: Actor, c: CandidateView): Cell[] {
    const reasons = c.reasons.map((r) => `${r.code} ${r.label}: ${r.explanation}`).join(actor.locale === 'en' ? '; ' : '；');
    return [
      c.rank, c.districtRank, c.uscc, safeText(c.name), c.districtCode, c.highTechField ? translate(actor.locale, `field.${c.highTechField}`) : '',
      c.revenue, c.employees, c.score, c.unmetCount, c.missingCount, safeText(reasons),
      c.membership ? translate(actor.locale, `cultivation.status.${c.membership.status}`) : '',
    ];
  }

  private async *chunks(actor: Actor, query: CandidateQuery): AsyncGenerator<Cell[][]> {
    for (let offset = 0; ; offset += CHUNK) {
      const page = await this.screening.candidates(actor, { ...query, offset, limit: CHUNK });
      if (!page.items.length) return;
      yield page.items.map((c) => this.row(actor, c));
      if (page.items.length < CHUNK) return;
    }
  }

  private async send(out: Writable, text: string): Promise<void> {
    if (!out.write(text)) await once(out, 'drain');
  }

  async write(actor: Actor, query: CandidateQuery, format: ExportFormat, out: Writable): Promise<number> {
    let count = 0;
    const headers = COLUMNS.map((c) => translate(actor.locale, c.key));
    if (format === 'csv') {
      await this.send(out, `\uFEFF${stringify([headers])}`);
      for await (const rows of this.chunks(actor, query)) {
        count += rows.length;
        await this.send(out, stringify(rows.map((r) => r.map((c, i) => (c === null ? '' : COLUMNS[i]!.money ? (c as number).toFixed(2) : c)))));
      }
      out.end();
      return count;
    }
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet(translate(actor.locale, 'cultivation.export.sheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = COLUMNS.map((c, i) => ({ header: headers[i], key: `c${i}`, width: c.width, style: c.money ? { numFmt: '#,##0.00' } : {} }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for await (const rows of this.chunks(actor, query)) {
      count += rows.length;
      for (const r of rows) sheet.addRow(r).commit();
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await workbook.commit();
    return count;
  }
}
