import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, StaleVersionError, type FieldMessage } from '../common/errors.js';
import { problemMessage } from '../common/validation-messages.js';
import { TARGET_LABELS } from './target-labels.js';
import { translate } from '../i18n/i18n.js';
import { PlanPeriodsService } from '../plan-periods/plan-periods.service.js';
import { ReferenceService } from '../reference/reference.service.js';
import type { ReportQueryDto, TargetUpsertDto } from './reports.dto.js';
import { readCsv } from '../imports/import-file.js';
import { periodOfYear } from '../plan-periods/plan-periods.js';
import { ReportsService } from './reports.service.js';
import { readTargetTable, type ImportedTarget } from './target-import.js';
import { isPercentMetric, PLAN_METRICS, Target, type TargetMetric } from './target.entity.js';
import { shownTargetValue, storedTargetValue } from './target-values.js';
import { enforce } from '../common/policy.js';
import { decideReports } from './reports.policy.js';

export interface TargetView {
  id: number;
  metric: TargetMetric;
  year: number;
  districtCode: string | null;
  /** A count, or for the R&D ratios a percentage (3.3). */
  value: number;
  note: string | null;
  /** The plan period's code ('14th', '15th'), null for a target filed before periods existed. */
  planPeriod: string | null;
  source: string | null;
  version: number;
  updatedAt: Date;
}

export interface PlanReport {
  year: number;
  planPeriod: { code: string; nameZh: string; nameEn: string; baseYear: number; firstYear: number; lastYear: number; document: string | null } | null;
  /** null = the whole city (or no comparable area: then no items). */
  districtCode: string | null;
  items: { indicator: TargetMetric; year: number; target: number; actual: number | null; source: string | null }[];
  /** Indicators without any target in the period: "not yet entered". */
  notEntered: TargetMetric[];
}

const snapshot = (t: Target) => ({ metric: t.metric, year: t.year, districtCode: t.districtCode || null, value: t.value, note: t.note, planPeriodId: t.planPeriodId, source: t.source });

/**
 * City and district targets (HNTE count; leading enterprises incl. candidates; the plan's R&D
 * ratios). Everyone on staff reads them; only administrators change them, with an audit entry in
 * the same transaction and the version the client read (a stale version is a 409). Each target is
 * filed under the plan period of its year.
 */
@Injectable()
export class TargetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly reference: ReferenceService,
    private readonly reports: ReportsService,
    private readonly periods: PlanPeriodsService,
  ) {}

  private assertAdmin(actor: Actor): void {
    enforce(decideReports(actor, 'editTargets'));
  }

  private async toView(rows: Target[]): Promise<TargetView[]> {
    const codeOf = new Map((await this.periods.periods()).map((p) => [p.id, p.code]));
    return rows.map((t) => ({
      id: t.id, metric: t.metric, year: t.year, districtCode: t.districtCode || null, value: shownTargetValue(t.metric, t.value), note: t.note,
      planPeriod: t.planPeriodId === null ? null : (codeOf.get(t.planPeriodId) ?? null), source: t.source, version: t.version, updatedAt: t.updatedAt,
    }));
  }

  async list(actor: Actor): Promise<TargetView[]> {
    enforce(decideReports(actor, 'read'));
    const rows = await this.dataSource.getRepository(Target).find({ order: { metric: 'ASC', districtCode: 'ASC', year: 'ASC' } });
    return this.toView(rows);
  }

  async get(actor: Actor, id: number): Promise<TargetView> {
    this.assertAdmin(actor);
    const row = Number.isSafeInteger(id) ? await this.dataSource.getRepository(Target).findOneBy({ id }) : null;
    if (!row) throw new NotFoundError('Target');
    return (await this.toView([row]))[0]!;
  }

  /**
   * Sets the target for (metric, year, district): creates it, or replaces the existing one when the
   * caller sends the version it read (without a version an existing target is a 409, so two admins
   * cannot overwrite each other unknowingly). The year must fall in a plan period.
   */
  async upsert(actor: Actor, dto: TargetUpsertDto): Promise<{ target: TargetView; created: boolean }> {
    this.assertAdmin(actor);
    const districtCode = dto.districtCode ?? '';
    const details: FieldMessage[] = [];
    // Keyed problems: the form and the JSON face word them per language, naming the field by its label.
    const problem = (field: string, key: string): FieldMessage => ({ field, key, params: {}, message: problemMessage(actor.locale, { field, key, params: {} }, TARGET_LABELS) });
    if (districtCode && !(await this.reference.district(districtCode))) details.push(problem('districtCode', 'reports.validation.district'));
    const value = storedTargetValue(dto.metric, dto.value);
    if (value === null) details.push(problem('value', isPercentMetric(dto.metric) ? 'reports.validation.percent' : 'reports.validation.value'));
    const period = await this.periods.ofYear(dto.year);
    if (!period) details.push(problem('year', 'planPeriods.validation.noPeriod'));
    if (details.length || value === null || !period) throw new InvalidInputError(`Invalid target: ${details[0]!.field} ${details[0]!.message}`, details);
    const fields = { value, note: dto.note ?? null, source: dto.source?.trim() || null, planPeriodId: period.id, updatedBy: actor.userId || null };
    const result = await this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(Target);
      const existing = await repo.findOneBy({ metric: dto.metric as TargetMetric, year: dto.year, districtCode });
      if (!existing) {
        const saved = await repo.save(repo.create({ metric: dto.metric as TargetMetric, year: dto.year, districtCode, ...fields }));
        await this.audit.record(em, actor, { action: 'target.create', entity: 'target', entityId: saved.id, before: null, after: snapshot(saved) });
        return { saved, created: true };
      }
      if (dto.version === undefined) throw new ConflictError('This target exists already; send the version you read to replace it', [{ field: 'version', message: `required to replace target ${existing.id} (current version ${existing.version})`, key: 'reports.targets.exists' }]);
      if (dto.version !== existing.version) throw new StaleVersionError('Target', existing.version);
      const before = snapshot(existing);
      const result = await repo.createQueryBuilder().update(Target)
        .set(fields)
        .where('id = :id AND version = :version', { id: existing.id, version: dto.version })
        .execute();
      if (!result.affected) throw new StaleVersionError('Target', existing.version + 1);
      const saved = await repo.findOneByOrFail({ id: existing.id });
      await this.audit.record(em, actor, { action: 'target.update', entity: 'target', entityId: saved.id, before, after: snapshot(saved) });
      return { saved, created: false };
    });
    this.reports.invalidate();
    return { target: (await this.toView([result.saved]))[0]!, created: result.created };
  }

  /**
   * GET /api/v1/reports/plan (api.md): the targets of the plan period of the year asked (default
   * this year) for the caller's area, each with the actual of its year where one is measured (the
   * HNTE and leader counts, up to this year) and its source document. Indicators the period has no
   * target for are listed in `notEntered`.
   */
  async plan(actor: Actor, q: ReportQueryDto): Promise<PlanReport> {
    const f = await this.reports.filters(actor, q);
    const period = await this.periods.ofYear(f.year);
    if (!period) return { year: f.year, planPeriod: null, districtCode: null, items: [], notEntered: [...PLAN_METRICS] };
    const targetDistrict = this.reports.targetDistrict(actor, f);
    const rows = targetDistrict === null ? [] : await this.dataSource.getRepository(Target).find({ where: { planPeriodId: period.id, districtCode: targetDistrict }, order: { metric: 'ASC', year: 'ASC' } });
    const thisYear = this.reports.currentYear();
    const measured = await this.reports.targets(actor, { ...f, year: Math.min(period.lastYear, thisYear) });
    const actual = (metric: string, year: number): number | null =>
      (year > thisYear ? null : (measured.metrics.find((m) => m.metric === metric)?.trend.find((p) => p.year === year)?.actual ?? null));
    const items = PLAN_METRICS.flatMap((metric) => rows.filter((r) => r.metric === metric).map((r) => ({
      indicator: metric, year: r.year, target: shownTargetValue(metric, r.value), actual: actual(metric, r.year), source: r.source,
    })));
    return {
      year: f.year,
      planPeriod: { code: period.code, nameZh: period.nameZh, nameEn: period.nameEn, baseYear: period.baseYear, firstYear: period.firstYear, lastYear: period.lastYear, document: period.document },
      districtCode: targetDistrict === null ? null : targetDistrict || null,
      items,
      notEntered: PLAN_METRICS.filter((m) => !rows.some((r) => r.metric === m)),
    };
  }

  /**
   * Targets pasted from a spreadsheet (tab- or comma-separated, a header row first), all or none:
   * every row is checked first (one Chinese or English message per row and problem); a row for a
   * target that exists replaces it only when `replace` is set, and each write is audited like a
   * form edit, in one transaction.
   */
  async importPasted(actor: Actor, pasted: string, replace: boolean): Promise<{ created: number; replaced: number }> {
    this.assertAdmin(actor);
    const t = (key: string, params: Record<string, unknown> = {}) => translate(actor.locale, key, params);
    const rowError = (row: number, reason: string) => ({ field: `row ${row}`, message: t('reports.import.row', { row, message: t(`reports.import.error.${reason}`) }) });
    if (!pasted.trim()) throw new InvalidInputError('Nothing pasted', [{ field: 'pasted', message: t('reports.import.error.empty') }]);
    let table;
    try {
      table = await readCsv(Buffer.from(pasted, 'utf8'));
    } catch {
      throw new InvalidInputError('The pasted table cannot be read', [{ field: 'pasted', message: t('reports.import.error.unreadable') }]);
    }
    const labels = new Map<string, TargetMetric>();
    for (const m of PLAN_METRICS) for (const locale of ['zh-CN', 'en'] as const) labels.set(translate(locale, `reports.metric.${m}`), m);
    const { rows, problems } = readTargetTable(table, labels);
    const details = problems.map((p) => rowError(p.row, p.reason));
    const districts = await this.reference.districts();
    const periods = await this.periods.periods();
    const planned: (ImportedTarget & { districtCode: string; planPeriodId: number; stored: number })[] = [];
    for (const r of rows) {
      const district = r.district === '' ? { code: '' } : districts.find((d) => d.code === r.district || d.nameZh === r.district || d.nameEn === r.district);
      const period = periodOfYear(periods, r.year);
      const value = storedTargetValue(r.metric, r.value);
      if (!district) details.push(rowError(r.row, 'district'));
      if (!period) details.push(rowError(r.row, 'period'));
      if (value === null) details.push(rowError(r.row, isPercentMetric(r.metric) ? 'percent' : 'value'));
      if (district && period && value !== null) planned.push({ ...r, districtCode: district.code, planPeriodId: period.id, stored: value });
    }
    const existing = await this.dataSource.getRepository(Target).find();
    const keyOf = (m: string, y: number, d: string) => `${m}|${y}|${d}`;
    const byKey = new Map(existing.map((e) => [keyOf(e.metric, e.year, e.districtCode), e]));
    if (!replace) for (const p of planned) if (byKey.has(keyOf(p.metric, p.year, p.districtCode))) details.push(rowError(p.row, 'exists'));
    if (details.length) {
      details.sort((a, b) => Number(a.field.slice(4)) - Number(b.field.slice(4)));
      throw new InvalidInputError(`The pasted targets have ${details.length} problems`, details);
    }
    const counts = await this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(Target);
      let created = 0;
      let replaced = 0;
      for (const p of planned) {
        const fields = { value: p.stored, note: p.note, source: p.source, planPeriodId: p.planPeriodId, updatedBy: actor.userId || null };
        const old = byKey.get(keyOf(p.metric, p.year, p.districtCode));
        if (!old) {
          const saved = await repo.save(repo.create({ metric: p.metric, year: p.year, districtCode: p.districtCode, ...fields }));
          await this.audit.record(em, actor, { action: 'target.create', entity: 'target', entityId: saved.id, before: null, after: snapshot(saved) });
          created++;
          continue;
        }
        // Replacing what was read above: a concurrent edit in between makes the whole import a 409.
        const result = await repo.createQueryBuilder().update(Target).set(fields).where('id = :id AND version = :version', { id: old.id, version: old.version }).execute();
        if (!result.affected) throw new StaleVersionError('Target', old.version + 1);
        const saved = await repo.findOneByOrFail({ id: old.id });
        await this.audit.record(em, actor, { action: 'target.update', entity: 'target', entityId: saved.id, before: snapshot(old), after: snapshot(saved) });
        replaced++;
      }
      return { created, replaced };
    });
    this.reports.invalidate();
    return counts;
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
