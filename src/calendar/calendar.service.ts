import { RefreshingCache } from '../database/refreshing-cache.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager } from 'typeorm';
import { Application } from '../applications/application.entity.js';
import { stageDeadline, type DeadlineRules } from '../applications/workflow/deadlines.js';
import { type CalendarDayKind, type WorkingCalendar } from '../applications/workflow/working-days.js';
import { machineOf, STAGE_DEADLINES } from '../applications/workflow/workflows.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { businessDate, businessToday, now } from '../common/clock.js';
import { ConflictError, InvalidInputError, NotFoundError, StaleVersionError } from '../common/errors.js';
import { HolidayCalendarDay, HolidayCalendarYear, StageDeadline } from './calendar.entities.js';
import { loadDeadlineRules } from './deadline-rules.js';
import { isCalendarYear, nextYearWarningDue, planImport, validateDay, type DayErrors, type DayInput, type ImportPlan } from './calendar-rules.js';

/** How long a process trusts its cached calendar before reading it again (other processes may have edited it). */
const CACHE_MS = 60_000;

export interface CalendarStatus {
  /** Published years, ascending. */
  years: number[];
  today: string;
  currentYear: number;
  currentYearMissing: boolean;
  nextYear: number;
  /** From 1 November until next year's calendar is published. */
  nextYearWarning: boolean;
}

export type DayResult = { ok: true } | { ok: false; errors: DayErrors };

/**
 * The working-day calendar and the stage deadlines as reference data: read (cached per process) by
 * everything that counts a deadline, edited by admins on /admin/reference/calendar (each change
 * audited in its transaction, guarded by the year's or the stage's version).
 */
@Injectable()
export class CalendarService {
  private readonly cached = new RefreshingCache(() => loadDeadlineRules(this.dataSource.manager), CACHE_MS);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Read at start, not inside a request (refreshing-cache.ts). */
  onApplicationBootstrap(): Promise<void> {
    return this.cached.warm();
  }

  rules(): Promise<Required<DeadlineRules>> {
    return this.cached.get();
  }

  async calendar(): Promise<WorkingCalendar> {
    return (await this.rules()).calendar;
  }

  async status(today = businessToday()): Promise<CalendarStatus> {
    const { calendar } = await this.rules();
    const year = Number(today.slice(0, 4));
    return {
      years: [...calendar.years].sort((a, b) => a - b),
      today,
      currentYear: year,
      currentYearMissing: !calendar.years.has(year),
      nextYear: year + 1,
      nextYearWarning: nextYearWarningDue(today, calendar.years),
    };
  }

  // ---- years and days -------------------------------------------------------------------------

  async years(): Promise<(HolidayCalendarYear & { holidays: number; makeups: number })[]> {
    const years = await this.dataSource.getRepository(HolidayCalendarYear).find({ order: { year: 'DESC' } });
    const counts: { year: number; kind: string; n: number | string }[] = await this.dataSource.query('SELECT year, kind, COUNT(*) AS n FROM holiday_calendar_day GROUP BY year, kind');
    const count = (year: number, kind: string) => Number(counts.find((c) => Number(c.year) === year && c.kind === kind)?.n ?? 0);
    return years.map((y) => Object.assign(y, { holidays: count(y.year, 'holiday'), makeups: count(y.year, 'makeup-workday') }));
  }

  async year(year: number): Promise<{ year: HolidayCalendarYear; days: HolidayCalendarDay[] }> {
    if (!isCalendarYear(year)) throw new NotFoundError('Calendar year');
    const found = await this.dataSource.getRepository(HolidayCalendarYear).findOneBy({ year });
    if (!found) throw new NotFoundError('Calendar year');
    const days = await this.dataSource.getRepository(HolidayCalendarDay).find({ where: { year }, order: { date: 'ASC' } });
    return { year: found, days };
  }

  async createYear(actor: Actor, year: number, source: string | null): Promise<HolidayCalendarYear> {
    if (!isCalendarYear(year)) throw new InvalidInputError('year must be a whole number from 2000 to 2100', [{ field: 'year', message: 'calendar.error.year', key: 'calendar.error.year' }]);
    if (source !== null && [...source].length > 100) throw new InvalidInputError('source is at most 100 characters', [{ field: 'source', message: 'calendar.error.sourceLength', key: 'calendar.error.sourceLength' }]);
    return this.dataSource.transaction(async (em) => {
      if (await em.findOneBy(HolidayCalendarYear, { year })) throw new ConflictError(`The calendar of ${year} exists`, [{ field: 'year', message: 'calendar.error.yearExists', key: 'calendar.error.yearExists' }]);
      const created = await em.save(em.create(HolidayCalendarYear, { year, status: 'draft', source, publishedAt: null, updatedBy: actor.userId || null }));
      await this.audit.record(em, actor, { action: 'calendar.year.create', entity: 'holiday_calendar_year', entityId: year, after: { year, status: 'draft', source } });
      return created;
    });
  }

  /** Bumps the year's version if it is still `version` (every edit of a year's days goes through here). */
  private async touchYear(em: EntityManager, actor: Actor, year: number, version: number, set: Record<string, unknown> = {}): Promise<HolidayCalendarYear> {
    const current = await em.findOneBy(HolidayCalendarYear, { year });
    if (!current) throw new NotFoundError('Calendar year');
    const result = await em.createQueryBuilder().update(HolidayCalendarYear)
      .set({ ...set, updatedBy: actor.userId || null, version: () => 'version + 1', updatedAt: () => 'CURRENT_TIMESTAMP' } as never)
      .where('year = :year AND version = :version', { year, version }).execute();
    if (!result.affected) throw new StaleVersionError('Calendar year', current.version);
    return current;
  }

  async addDay(actor: Actor, year: number, version: number, raw: { date?: unknown; kind?: unknown; name?: unknown }): Promise<DayResult> {
    const result = await this.dataSource.transaction(async (em) => {
      const taken = new Set((await em.find(HolidayCalendarDay, { where: { year }, select: { date: true } })).map((d) => d.date));
      const checked = validateDay(raw, year, taken);
      if (!checked.ok) {
        if (!(await em.findOneBy(HolidayCalendarYear, { year }))) throw new NotFoundError('Calendar year');
        return checked;
      }
      const current = await this.touchYear(em, actor, year, version);
      await em.insert(HolidayCalendarDay, { year, ...checked.day });
      await this.audit.record(em, actor, { action: 'calendar.day.add', entity: 'holiday_calendar_year', entityId: year, after: { ...checked.day } });
      if (current.status === 'published') await this.recomputeProvisional(em, actor);
      return { ok: true as const };
    });
    // After the commit: the new calendar is loaded before the editor is answered (refreshing-cache.ts).
    await this.cached.refresh();
    return result;
  }

  async removeDay(actor: Actor, year: number, version: number, dayId: number): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const day = await em.findOneBy(HolidayCalendarDay, { id: dayId, year });
      if (!day) throw new NotFoundError('Calendar day');
      const current = await this.touchYear(em, actor, year, version);
      await em.delete(HolidayCalendarDay, { id: dayId });
      await this.audit.record(em, actor, { action: 'calendar.day.remove', entity: 'holiday_calendar_year', entityId: year, before: { date: day.date, kind: day.kind, name: day.name } });
      if (current.status === 'published') await this.recomputeProvisional(em, actor);
    });
    await this.cached.refresh();
  }

  /** Marks the year complete (published: deadlines use it) or back to draft. */
  async setPublished(actor: Actor, year: number, version: number, published: boolean): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const current = await this.touchYear(em, actor, year, version, { status: published ? 'published' : 'draft', publishedAt: published ? now() : null });
      await this.audit.record(em, actor, { action: published ? 'calendar.year.publish' : 'calendar.year.unpublish', entity: 'holiday_calendar_year', entityId: year, before: { status: current.status }, after: { status: published ? 'published' : 'draft' } });
      if (published) await this.recomputeProvisional(em, actor);
    });
    await this.cached.refresh();
  }

  // ---- import -------------------------------------------------------------------------------------

  async planImport(year: number, headers: unknown[], rows: { row: number; cells: unknown[] }[]): Promise<ImportPlan> {
    const { days } = await this.year(year);
    return planImport(headers as never, rows as never, year, days);
  }

  /**
   * Commits the rows of a dry run (sent back by the form, so planned again here inside the
   * transaction: all or nothing, and a changed year since the dry run is a stale version).
   */
  async commitImport(actor: Actor, year: number, version: number, rows: DayInput[]): Promise<ImportPlan> {
    const plan = await this.dataSource.transaction(async (em) => {
      const current = await this.touchYear(em, actor, year, version);
      const existing = await em.find(HolidayCalendarDay, { where: { year } });
      const planned = planImport(['date', 'kind', 'name'], rows.map((r, i) => ({ row: i + 2, cells: [r.date, r.kind, r.name] })), year, existing);
      if (!planned.valid) throw new InvalidInputError('The import has invalid rows', planned.rows.flatMap((r) => Object.entries(r.errors).map(([f, m]) => ({ field: `row ${r.row} ${f}`, message: m! }))));
      for (const r of planned.rows) {
        const day = { date: r.date, kind: r.kind as CalendarDayKind, name: r.name };
        if (r.action === 'add') await em.insert(HolidayCalendarDay, { year, ...day });
        if (r.action === 'change') await em.update(HolidayCalendarDay, { date: r.date }, { kind: day.kind, name: day.name });
      }
      await this.audit.record(em, actor, { action: 'calendar.import', entity: 'holiday_calendar_year', entityId: year, after: { ...planned.counts, days: planned.rows.filter((r) => r.action !== 'unchanged').map((r) => `${r.date} ${r.kind} ${r.name}`) } });
      if (current.status === 'published') await this.recomputeProvisional(em, actor);
      return planned;
    });
    await this.cached.refresh();
    return plan;
  }

  // ---- stage deadlines ------------------------------------------------------------------------------

  /** Every stage counted in working days, with its current value and version. */
  async stageDeadlines(): Promise<{ status: string; workingDays: number; defaultDays: number; version: number }[]> {
    const rows = await this.dataSource.getRepository(StageDeadline).find();
    return Object.entries(STAGE_DEADLINES).filter((e): e is [string, number] => typeof e[1] === 'number').map(([status, defaultDays]) => {
      const row = rows.find((r) => r.status === status);
      return { status, workingDays: row?.workingDays ?? defaultDays, defaultDays, version: row?.version ?? 0 };
    });
  }

  /**
   * Saves changed working days (each 1–250, each guarded by its own version). Applies to stages
   * entered from now on; a due date already set stays as it was counted.
   */
  async updateStageDeadlines(actor: Actor, values: Record<string, { workingDays: number; version: number }>): Promise<{ ok: true; changed: number } | { ok: false; errors: Record<string, string> }> {
    const current = await this.stageDeadlines();
    const errors: Record<string, string> = {};
    for (const [status, v] of Object.entries(values)) {
      if (!current.some((c) => c.status === status)) errors[status] = 'calendar.error.stage';
      else if (!Number.isInteger(v.workingDays) || v.workingDays < 1 || v.workingDays > 250) errors[status] = 'calendar.error.workingDays';
    }
    if (Object.keys(errors).length) return { ok: false, errors };
    let changed = 0;
    await this.dataSource.transaction(async (em) => {
      for (const row of current) {
        const v = values[row.status];
        if (!v || v.workingDays === row.workingDays) continue;
        if (v.version !== row.version) throw new StaleVersionError('Stage deadline', row.version);
        if (row.version === 0) {
          await em.insert(StageDeadline, { status: row.status, workingDays: v.workingDays, updatedBy: actor.userId || null });
        } else {
          const result = await em.createQueryBuilder().update(StageDeadline)
            .set({ workingDays: v.workingDays, updatedBy: actor.userId || null, version: () => 'version + 1', updatedAt: () => 'CURRENT_TIMESTAMP' } as never)
            .where('status = :status AND version = :version', { status: row.status, version: v.version }).execute();
          if (!result.affected) throw new StaleVersionError('Stage deadline', row.version);
        }
        await this.audit.record(em, actor, { action: 'stage-deadline.update', entity: 'stage_deadline', entityId: row.status, before: { workingDays: row.workingDays }, after: { workingDays: v.workingDays } });
        changed++;
      }
    });
    await this.cached.refresh();
    return { ok: true, changed };
  }

  // ---- provisional deadlines ------------------------------------------------------------------------

  /**
   * Re-counts the due dates that were counted without a calendar, now that a published year
   * changed: from the day the stage was entered, with the calendar as it now stands inside this
   * transaction. A date that is still provisional keeps its flag. Audited per application.
   */
  private async recomputeProvisional(em: EntityManager, actor: Actor): Promise<number> {
    const apps = await em.find(Application, { where: { dueProvisional: true } });
    if (!apps.length) return 0;
    const rules = await loadDeadlineRules(em);
    let changed = 0;
    for (const app of apps) {
      const machine = machineOf(app.type);
      const deadline = stageDeadline(app.status, businessDate(app.statusSince), machine.isTerminal(app.status), {}, rules);
      if (!deadline) continue;
      if (deadline.date === app.dueOn && deadline.provisional) continue;
      await em.update(Application, { id: app.id }, { dueOn: deadline.date, dueProvisional: deadline.provisional });
      await this.audit.record(em, actor, { action: 'application.deadline-recount', entity: 'application', entityId: app.id, enterpriseId: app.enterpriseId, before: { dueOn: app.dueOn, dueProvisional: true }, after: { dueOn: deadline.date, dueProvisional: deadline.provisional } });
      changed++;
    }
    return changed;
  }
}
