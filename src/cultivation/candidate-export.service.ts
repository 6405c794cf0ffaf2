import type { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { ExportTrail } from '../audit/export-trail.js';
import { safeText, writeTable, type Cell, type ExportFormat } from '../common/table-export.js';
import type { Actor } from '../auth/actor.js';
import { translate } from '../i18n/i18n.js';
import { ScreeningService, type CandidateQuery, type CandidateView } from './screening.service.js';
import { businessStamp } from '../common/clock.js';
import { enforce } from '../common/policy.js';
import { decideCultivation } from './cultivation.policy.js';

export type { ExportFormat };

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


/** The seedling list as CSV (UTF-8 with BOM, for Excel) or XLSX, in the reader's language, scoped and filtered like the page. */
@Injectable()
export class CandidateExportService {
  constructor(private readonly screening: ScreeningService, private readonly audit: AuditService) {}

  assertAllowed(actor: Actor): void {
    enforce(decideCultivation(actor, 'readCandidates'));
  }

  fileName(actor: Actor, format: ExportFormat): string {
    const stamp = businessStamp();
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

  /**
   * Writes the file to `out` and ends it; returns the number of candidates written. Audited when
   * it starts and again when it finishes or is cut off (a client that disconnects mid-stream).
   */
  async write(actor: Actor, query: CandidateQuery, format: ExportFormat, out: Writable): Promise<number> {
    const trail = await ExportTrail.start(this.audit, actor, { entity: 'cultivation_candidate', format, filters: { ...query } });
    const progress = { rows: 0 };
    try {
      await this.writeRows(actor, query, format, out, progress);
    } catch (err) {
      await trail.aborted(err, progress.rows);
      throw err;
    }
    await trail.finished(progress.rows);
    return progress.rows;
  }

  private async writeRows(actor: Actor, query: CandidateQuery, format: ExportFormat, out: Writable, progress: { rows: number }): Promise<void> {
    const columns = COLUMNS.map((c) => ({ ...c, header: translate(actor.locale, c.key) }));
    await writeTable(format, out, translate(actor.locale, 'cultivation.export.sheet'), columns, this.chunks(actor, query), progress);
  }
}
