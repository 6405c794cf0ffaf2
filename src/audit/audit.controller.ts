import { Controller, Get, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import type { DataSource } from 'typeorm';
import { Roles } from '../auth/auth.decorators.js';
import { formatDateTime } from '../common/format.js';
import { pageCount, paginate } from '../common/list-query.js';
import { AuditEntry } from './audit-entry.entity.js';

export class AuditListQueryDto {
  @IsOptional() @MaxLength(48) entity?: string;
  @IsOptional() @MaxLength(64) actor?: string;
  @IsOptional() @MaxLength(64) entityId?: string;
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) from?: string;
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) to?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

const ENTITIES = ['user', 'enterprise', 'annual_financials', 'ip_asset', 'qualification', 'credit_flag', 'contact', 'recognition'];

@ApiExcludeController()
@Controller('admin/audit')
@Roles('admin')
export class AuditController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Render('admin/audit')
  async list(@Query() query: AuditListQueryDto) {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a');
    if (query.entity) qb.andWhere('a.entity = :entity', { entity: query.entity });
    if (query.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
    if (query.actor) qb.andWhere('a.actor_username = :actor', { actor: query.actor });
    // Dates are Beijing calendar days.
    if (query.from) qb.andWhere('a.at >= :from', { from: new Date(`${query.from}T00:00:00+08:00`) });
    if (query.to) qb.andWhere('a.at < :to', { to: new Date(new Date(`${query.to}T00:00:00+08:00`).getTime() + 86400_000) });
    const page = await paginate(qb, { page: query.page, pageSize: query.pageSize ?? 50 }, { at: 'a.at' }, '-at', 'a.id');
    return {
      query,
      entities: ENTITIES,
      total: page.total,
      page: page.page,
      pages: pageCount(page.total, page.pageSize),
      prevPage: page.page > 1 ? page.page - 1 : null,
      nextPage: page.page < pageCount(page.total, page.pageSize) ? page.page + 1 : null,
      entries: page.items.map((e) => ({
        at: formatDateTime(e.at),
        actor: e.actorUsername,
        action: e.action,
        entity: e.entity,
        entityId: e.entityId,
        requestId: e.requestId,
        changes: Object.keys({ ...(e.before ?? {}), ...(e.after ?? {}) }).map((field) => ({
          field,
          before: e.before && field in e.before ? JSON.stringify(e.before[field]) : '—',
          after: e.after && field in e.after ? JSON.stringify(e.after[field]) : '—',
        })),
      })),
    };
  }
}
