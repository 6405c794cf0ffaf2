import type { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { ExportTrail } from '../audit/export-trail.js';
import type { Actor } from '../auth/actor.js';
import { businessStamp } from '../common/clock.js';
import { enforce } from '../common/policy.js';
import { safeText, writeTable, type Cell, type ExportFormat } from '../common/table-export.js';
import { translate } from '../i18n/i18n.js';
import type { ProjectListQueryDto } from './project.dto.js';
import { decideProject } from './project.policy.js';
import { ProjectsService, type ProjectListItem } from './projects.service.js';

const CHUNK = 200; // the list's largest page
const COLUMNS: { key: string; width: number; numeric?: boolean }[] = [
  { key: 'project.col.name', width: 36 },
  { key: 'project.col.lead', width: 30 },
  { key: 'project.col.district', width: 10 },
  { key: 'project.col.type', width: 16 },
  { key: 'project.col.dates', width: 24 },
  { key: 'project.col.status', width: 10 },
  { key: 'project.col.rag', width: 8 },
  { key: 'project.col.reason', width: 60 },
  { key: 'project.col.progress', width: 8, numeric: true },
  { key: 'project.col.computedOn', width: 12 },
];

/** The filtered projects list as CSV or XLSX in the reader's language, scoped like the page; audited start and end. */
@Injectable()
export class ProjectsExportService {
  constructor(private readonly projects: ProjectsService, private readonly audit: AuditService) {}

  assertAllowed(actor: Actor): void {
    enforce(decideProject(actor, 'export'));
  }

  fileName(actor: Actor, format: ExportFormat): string {
    return `${translate(actor.locale, 'project.title')}-${businessStamp()}.${format}`;
  }

  private row(actor: Actor, p: ProjectListItem): Cell[] {
    const t = (k: string) => translate(actor.locale, k);
    return [
      safeText(p.name), safeText(p.leadEnterpriseName), p.districtCode, t(`projectType.${p.type}`), `${p.startOn} – ${p.endOn}`,
      t(`projectStatus.${p.status}`), p.rag ? t(`rag.${p.rag}`) : '', safeText(p.ragReason), p.progress, p.ragComputedOn,
    ];
  }

  private async *chunks(actor: Actor, query: ProjectListQueryDto): AsyncGenerator<Cell[][]> {
    for (let page = 1; ; page++) {
      const res = await this.projects.list(actor, { ...query, page, pageSize: CHUNK, sort: 'id' });
      if (!res.items.length) return;
      yield res.items.map((p) => this.row(actor, p));
      if (res.items.length < CHUNK) return;
    }
  }

  async write(actor: Actor, query: ProjectListQueryDto, format: ExportFormat, out: Writable): Promise<number> {
    this.assertAllowed(actor);
    const trail = await ExportTrail.start(this.audit, actor, { entity: 'project', format, filters: { ...query } });
    const progress = { rows: 0 };
    try {
      const columns = COLUMNS.map((c) => ({ ...c, header: translate(actor.locale, c.key) }));
      await writeTable(format, out, translate(actor.locale, 'project.title'), columns, this.chunks(actor, query), progress);
    } catch (err) {
      await trail.aborted(err, progress.rows);
      throw err;
    }
    await trail.finished(progress.rows);
    return progress.rows;
  }
}
