import { auditActionLabel } from './action-label.js';
import { Controller, Get, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { listLogins } from '../auth/login-history.js';
import { AUDIT_READERS } from '../auth/role.js';
import { formatDateTime } from '../common/format.js';
import { pageCount } from '../common/list-query.js';
import { translate } from '../i18n/i18n.js';
import { AuditListQueryDto, LoginListQueryDto } from './audit.dto.js';
import { AuditService } from './audit.service.js';

const ENTITIES = ['user', 'enterprise', 'annual_financials', 'ip_asset', 'qualification', 'credit_flag', 'contact', 'recognition', 'task', 'activity', 'application', 'document', 'rule_set', 'job'];

const pager = (p: { page: number; pageSize: number; total: number }) => {
  const pages = pageCount(p.total, p.pageSize);
  return { total: p.total, page: p.page, pages, prevPage: p.page > 1 ? p.page - 1 : null, nextPage: p.page < pages ? p.page + 1 : null };
};

/** The audit log, the login history and the chain verification: read-only pages for admins and auditors. */
@ApiExcludeController()
@Controller('admin/audit')
@Roles(...AUDIT_READERS)
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Render('admin/audit')
  async list(@CurrentActor() actor: Actor, @Query() query: AuditListQueryDto) {
    const page = await this.audit.list(query);
    return {
      title: translate(actor.locale, 'audit.title'),
      query,
      entities: ENTITIES.map((code) => ({ code, label: entityLabel(code, actor.locale) })),
      ...pager(page),
      entries: page.items.map((e) => ({
        id: e.id,
        at: formatDateTime(e.at),
        actor: e.actorUsername,
        action: e.action,
        actionLabel: auditActionLabel(e.action, actor.locale),
        entity: e.entity,
        entityLabel: entityLabel(e.entity, actor.locale),
        entityId: e.entityId,
        requestId: e.requestId,
        hash: e.hash?.slice(0, 12) ?? '—',
        changes: Object.keys({ ...(e.before ?? {}), ...(e.after ?? {}) }).map((field) => ({
          field,
          before: e.before && field in e.before ? JSON.stringify(e.before[field]) : '—',
          after: e.after && field in e.after ? JSON.stringify(e.after[field]) : '—',
        })),
      })),
    };
  }

  @Get('logins')
  @Render('admin/audit-logins')
  async logins(@CurrentActor() actor: Actor, @Query() query: LoginListQueryDto) {
    const page = await listLogins(this.dataSource, query, query);
    return { title: translate(actor.locale, 'logins.title'), query, successValue: query.success === undefined ? '' : String(query.success), ...pager(page), items: page.items };
  }

  @Get('verify')
  @Render('admin/audit-verify')
  async verify(@CurrentActor() actor: Actor) {
    return { title: translate(actor.locale, 'chain.title'), report: await this.audit.verify() };
  }
}

/** An audited entity's label from the catalogues (entity.offer → 政策推送), the code when none has it (issue 18.7). */
function entityLabel(code: string, locale: Actor['locale']): string {
  const key = `entity.${code}`;
  const text = translate(locale, key);
  return text === key ? code : text;
}
