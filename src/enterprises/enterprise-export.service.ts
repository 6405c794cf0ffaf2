import type { Writable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ExportTrail } from '../audit/export-trail.js';
import { safeText, writeTable, type Cell, type ExportColumn, type ExportFormat } from '../common/table-export.js';
import type { Actor } from '../auth/actor.js';
import { User } from '../auth/user.entity.js';
import { formatDateTime } from '../common/format.js';
import { translate } from '../i18n/i18n.js';
import { ReferenceService } from '../reference/reference.service.js';
import { AnnualFinancials } from './annual-financials.entity.js';
import type { EnterpriseListQueryDto } from './enterprise.dto.js';
import { Enterprise } from './enterprise.entity.js';
import { splitTags } from './enterprise.mapper.js';
import { EnterprisesService } from './enterprises.service.js';
import { businessStamp } from '../common/clock.js';

export type { ExportFormat };

const CHUNK = 1000;

/** Chinese headers, as the bureau's other systems expect; the first twelve match the enterprise import template. */
const COLUMNS: ExportColumn[] = [
  { header: '统一社会信用代码', width: 22 },
  { header: '企业名称', width: 36 },
  { header: '所属区', width: 10 },
  { header: '功能区', width: 14 },
  { header: '成立日期', width: 12 },
  { header: '行业代码', width: 10 },
  { header: '征收方式', width: 10 },
  { header: '技术领域', width: 18 },
  { header: '注册资本（元）', width: 18, money: true },
  { header: '地址', width: 36 },
  { header: '标签', width: 18 },
  { header: '研发辅助账', width: 10 },
  { header: '培育梯度', width: 14 },
  { header: '责任人', width: 14 },
  { header: '最近年度', width: 10, numeric: true },
  { header: '营业收入（元）', width: 18, money: true },
  { header: '研发费用（元）', width: 18, money: true },
  { header: '职工总数', width: 10, numeric: true },
  { header: '更新时间', width: 18 },
];

export const EXPORT_HEADERS = COLUMNS.map((c) => c.header);


export interface PreparedExport {
  actor: Actor;
  query: EnterpriseListQueryDto;
  base: SelectQueryBuilder<Enterprise>;
}

/**
 * The list as a file, streamed: the filtered, scoped query is read in id-ordered chunks (keyset,
 * not OFFSET) and each chunk is written to the response before the next is read, so even the whole
 * city (120,000 files) never sits in memory. Money is in 元 as numbers.
 */
@Injectable()
export class EnterpriseExportService {
  private readonly logger = new Logger(EnterpriseExportService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly enterprises: EnterprisesService,
    private readonly reference: ReferenceService,
    private readonly audit: AuditService,
  ) {}

  /** Validates the filters and the actor's rights before anything is written (so errors are still 4xx). */
  prepare(actor: Actor, query: EnterpriseListQueryDto): PreparedExport {
    return { actor, query, base: this.enterprises.filteredQuery(actor, query) };
  }

  fileName(format: ExportFormat): string {
    const stamp = businessStamp();
    return `企业名单-${stamp}.${format}`;
  }

  /**
   * Writes the file to `out` and ends it; returns the number of enterprises written. Audited when
   * it starts and again when it finishes or is cut off (a client that disconnects mid-stream).
   */
  async write(prepared: PreparedExport, format: ExportFormat, out: Writable): Promise<number> {
    const started = Date.now();
    const trail = await ExportTrail.start(this.audit, prepared.actor, { entity: 'enterprise', format, filters: { ...prepared.query } });
    const progress = { rows: 0 };
    try {
      await this.writeRows(prepared, format, out, progress);
    } catch (err) {
      await trail.aborted(err, progress.rows);
      throw err;
    }
    await trail.finished(progress.rows);
    this.logger.log(`export (${format}) of ${progress.rows} enterprises by ${prepared.actor.username} in ${Date.now() - started} ms`);
    return progress.rows;
  }

  private async writeRows(prepared: PreparedExport, format: ExportFormat, out: Writable, progress: { rows: number }): Promise<void> {
    await writeTable(format, out, '企业名单', COLUMNS, this.chunks(prepared), progress);
  }

  /** Id-ordered chunks of finished rows (keyset pagination; one query for the chunk's latest figures). */
  private async *chunks(prepared: PreparedExport): AsyncGenerator<Cell[][]> {
    const districts = new Map((await this.reference.districts()).map((d) => [d.code, d.nameZh]));
    const zones = new Map((await this.reference.zones()).map((z) => [z.code, z.nameZh]));
    const officers = new Map((await this.dataSource.getRepository(User).find({ where: { role: In(['officer', 'admin']) }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]));
    const label = (key: string) => translate('zh-CN', key);
    let after = 0;
    for (;;) {
      const batch = await prepared.base.clone().andWhere('e.id > :exportAfter', { exportAfter: after }).orderBy('e.id', 'ASC').limit(CHUNK).getMany();
      if (!batch.length) return;
      after = batch[batch.length - 1]!.id;
      const latest = new Map<number, AnnualFinancials>();
      const figures = await this.dataSource.getRepository(AnnualFinancials).find({
        where: { enterpriseId: In(batch.map((e) => e.id)) },
        select: { enterpriseId: true, year: true, operatingRevenue: true, rdExpense: true, employees: true },
      });
      for (const f of figures) if ((latest.get(f.enterpriseId)?.year ?? 0) < f.year) latest.set(f.enterpriseId, f);
      yield batch.map((e): Cell[] => {
        const f = latest.get(e.id);
        return [
          e.uscc, safeText(e.name), districts.get(e.districtCode) ?? e.districtCode, e.zoneCode ? (zones.get(e.zoneCode) ?? e.zoneCode) : '',
          e.establishedOn ?? '', e.industryCode ?? '', e.taxMode ? label(`taxMode.${e.taxMode}`) : '', e.highTechField ? label(`field.${e.highTechField}`) : '',
          e.registeredCapital, safeText(e.address), safeText(splitTags(e.tags).join(',')), e.rdLedger === null ? '' : e.rdLedger ? '是' : '否',
          e.currentTier ? label(`tier.${e.currentTier}`) : '', e.assignedOfficerId ? safeText(officers.get(e.assignedOfficerId) ?? '') : '',
          f?.year ?? null, f?.operatingRevenue ?? null, f?.rdExpense ?? null, f?.employees ?? null, formatDateTime(e.updatedAt),
        ];
      });
    }
  }
}
