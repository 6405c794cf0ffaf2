import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { ConflictError, InvalidInputError, NotFoundError, StaleVersionError } from '../common/errors.js';
import { ReferenceService } from '../reference/reference.service.js';
import type { TargetUpsertDto } from './reports.dto.js';
import { ReportsService } from './reports.service.js';
import { Target, type TargetMetric } from './target.entity.js';
import { enforce } from '../common/policy.js';
import { decideReports } from './reports.policy.js';

export interface TargetView {
  id: number;
  metric: TargetMetric;
  year: number;
  districtCode: string | null;
  value: number;
  note: string | null;
  version: number;
  updatedAt: Date;
}

export const toTargetView = (t: Target): TargetView => ({
  id: t.id, metric: t.metric, year: t.year, districtCode: t.districtCode || null, value: t.value, note: t.note, version: t.version, updatedAt: t.updatedAt,
});

const snapshot = (t: Target) => ({ metric: t.metric, year: t.year, districtCode: t.districtCode || null, value: t.value, note: t.note });

/**
 * City and district targets (HNTE count; leading enterprises incl. candidates). Everyone on staff
 * reads them; only administrators change them, with an audit entry in the same transaction and the
 * version the client read (a stale version is a 409).
 */
@Injectable()
export class TargetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly reference: ReferenceService,
    private readonly reports: ReportsService,
  ) {}

  private assertAdmin(actor: Actor): void {
    enforce(decideReports(actor, 'editTargets'));
  }

  async list(actor: Actor): Promise<TargetView[]> {
    enforce(decideReports(actor, 'read'));
    const rows = await this.dataSource.getRepository(Target).find({ order: { metric: 'ASC', districtCode: 'ASC', year: 'ASC' } });
    return rows.map(toTargetView);
  }

  async get(actor: Actor, id: number): Promise<TargetView> {
    this.assertAdmin(actor);
    const row = Number.isSafeInteger(id) ? await this.dataSource.getRepository(Target).findOneBy({ id }) : null;
    if (!row) throw new NotFoundError('Target');
    return toTargetView(row);
  }

  /**
   * Sets the target for (metric, year, district): creates it, or replaces the existing one when the
   * caller sends the version it read (without a version an existing target is a 409, so two admins
   * cannot overwrite each other unknowingly).
   */
  async upsert(actor: Actor, dto: TargetUpsertDto): Promise<{ target: TargetView; created: boolean }> {
    this.assertAdmin(actor);
    const districtCode = dto.districtCode ?? '';
    if (districtCode && !(await this.reference.district(districtCode))) {
      throw new InvalidInputError('Unknown district', [{ field: 'districtCode', message: 'unknown district' }]);
    }
    const result = await this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(Target);
      const existing = await repo.findOneBy({ metric: dto.metric as TargetMetric, year: dto.year, districtCode });
      if (!existing) {
        const saved = await repo.save(repo.create({ metric: dto.metric as TargetMetric, year: dto.year, districtCode, value: dto.value, note: dto.note ?? null, updatedBy: actor.userId || null }));
        await this.audit.record(em, actor, { action: 'target.create', entity: 'target', entityId: saved.id, before: null, after: snapshot(saved) });
        return { target: toTargetView(saved), created: true };
      }
      if (dto.version === undefined) throw new ConflictError('This target exists already; send the version you read to replace it', [{ field: 'version', message: `required to replace target ${existing.id} (current version ${existing.version})` }]);
      if (dto.version !== existing.version) throw new StaleVersionError('Target', existing.version);
      const before = snapshot(existing);
      const result = await repo.createQueryBuilder().update(Target)
        .set({ value: dto.value, note: dto.note ?? null, updatedBy: actor.userId || null })
        .where('id = :id AND version = :version', { id: existing.id, version: dto.version })
        .execute();
      if (!result.affected) throw new StaleVersionError('Target', existing.version + 1);
      const saved = await repo.findOneByOrFail({ id: existing.id });
      await this.audit.record(em, actor, { action: 'target.update', entity: 'target', entityId: saved.id, before, after: snapshot(saved) });
      return { target: toTargetView(saved), created: false };
    });
    this.reports.invalidate();
    return result;
  }

  async remove(actor: Actor, id: number, version?: number): Promise<void> {
    this.assertAdmin(actor);
    await this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(Target);
      const existing = Number.isSafeInteger(id) ? await repo.findOneBy({ id }) : null;
      if (!existing) throw new NotFoundError('Target');
      if (version !== undefined && version !== existing.version) throw new StaleVersionError('Target', existing.version);
      await repo.delete({ id });
      await this.audit.record(em, actor, { action: 'target.delete', entity: 'target', entityId: id, before: snapshot(existing), after: null });
    });
    this.reports.invalidate();
  }
}
