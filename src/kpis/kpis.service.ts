import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { InvalidInputError, StaleVersionError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { now } from '../common/clock.js';
import { enforce } from '../common/policy.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { KpiFigures, KPI_FIGURE_FIELDS } from './kpi-figures.entity.js';
import { kpiYears, mapKpiFigures, type KpiYearView } from './kpi-years.js';
import { sectionOf } from './kpi-grading.js';
import { KpiGradesService } from './kpi-grades.service.js';
import type { KpiFiguresPutDto } from './kpi.dto.js';
import { decideKpiSource, decideKpiWrite } from './kpi.policy.js';

/**
 * KPI figures of a file with provenance (api.md "Facts and provenance"): visibility through the
 * file's scope (an enterprise its own, an officer its district; hidden → 404), writing through the
 * KPI policy (the enterprise reports its own, self-reported until staff save them). Each write is
 * audited in its transaction and then regrades the district's year (peers' percentiles move too).
 */
@Injectable()
export class KpisService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly enterprises: EnterprisesService,
    private readonly grades: KpiGradesService,
  ) {}

  async years(actor: Actor, id: number) {
    const e = await this.enterprises.get(actor, id);
    return { enterpriseId: e.id, items: await kpiYears(this.dataSource.manager, e.id) };
  }

  async put(actor: Actor, id: number, year: number, dto: KpiFiguresPutDto): Promise<KpiYearView> {
    const maxYear = Number(todayIso().slice(0, 4));
    if (!Number.isInteger(year) || year < 1990 || year > maxYear) {
      throw new InvalidInputError(`year must be a fiscal year between 1990 and ${maxYear}`, [{ field: 'year', message: `must be between 1990 and ${maxYear} (no future years)`, key: 'kpi.error.year', params: { max: maxYear } }]);
    }
    if (dto.year !== undefined && dto.year !== year) throw new InvalidInputError('year differs from the path', [{ field: 'year', message: 'must equal the year in the path', key: 'kpi.error.yearMismatch' }]);
    enforce(decideKpiWrite(actor));
    const source = decideKpiSource(actor, dto.source);
    enforce(source);
    const enterprise = await this.dataSource.transaction(async (em) => {
      const e = await this.enterprises.get(actor, id, { manager: em });
      const repo = em.getRepository(KpiFigures);
      const existing = await repo.findOneBy({ enterpriseId: e.id, year });
      if (existing && dto.version !== undefined && existing.version !== dto.version) throw new StaleVersionError('KPI figures', existing.version);
      const before = existing ? mapKpiFigures(existing) : null;
      // PUT: the year is replaced as a whole (a figure left out is unknown).
      const row = existing ?? repo.create({ enterpriseId: e.id, year });
      for (const k of KPI_FIGURE_FIELDS) row[k] = dto[k] ?? null;
      row.source = source.source!;
      row.sourceAsOf = dto.sourceAsOf ?? null;
      row.recordedBy = actor.userId || null;
      const selfReport = source.source === 'enterprise';
      row.verifiedAt = selfReport ? null : now();
      row.verifiedBy = selfReport ? null : actor.userId || null;
      let saved: KpiFigures;
      try {
        saved = await repo.save(row);
      } catch (err) {
        if (/unique|duplicate/i.test(String((err as Error).message))) throw new StaleVersionError('KPI figures', 1);
        throw err;
      }
      await this.audit.record(em, actor, {
        action: existing ? 'update' : 'create', entity: 'kpi_figures', entityId: `${e.id}/${year}`, enterpriseId: e.id,
        before: before ? strip(before) : null, after: strip(mapKpiFigures(saved)),
      });
      return e;
    });
    // The writer's section only (same year, district and industry section): the peers whose percentiles moved.
    await this.grades.grade(year, { districtCode: enterprise.districtCode, section: sectionOf(enterprise.districtCode, enterprise.industryCode) });
    const items = await kpiYears(this.dataSource.manager, enterprise.id);
    return items.find((i) => i.year === year)!;
  }
}

/** Audit payloads without the bookkeeping fields (the audit entry has its own who and when). */
function strip<T extends Record<string, unknown>>(v: T): Record<string, unknown> {
  const { recordedAt: _a, version: _v, verifiedAt: _w, ...rest } = v;
  return rest;
}
