import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { applyScope, scopeOf, type AccessScope } from '../auth/access-scope.js';
import { MACHINES } from '../applications/workflow/workflows.js';
import type { Actor } from '../auth/actor.js';
import { User } from '../auth/user.entity.js';
import { InvalidInputError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { SRDI_RUNGS } from '../ladder/ladders.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { Job } from '../jobs/job.entity.js';
import type { District, DistrictBlock } from '../reference/district.entity.js';
import { ReferenceService } from '../reference/reference.service.js';
import { FORECAST_JOB } from './forecast.constants.js';
import { ReportForecastCell } from './report-forecast.entity.js';
import { addMonths, ageInDays, daysBetweenSql, dbTime, isPostgres, n, nOrNull, rankSql, rungOfRank, RUNGS, type Rung } from './report-sql.js';
import type { ReportQueryDto } from './reports.dto.js';
import { PlanPeriodsService } from '../plan-periods/plan-periods.service.js';
import { periodOfYear, planTargetFor, type TargetKind } from '../plan-periods/plan-periods.js';
import { SettingsService } from '../settings/settings.service.js';
import { Target, TARGET_METRICS, type TargetMetric } from './target.entity.js';
import { businessDate, now } from '../common/clock.js';
import { enforce } from '../common/policy.js';
import { decideReports } from './reports.policy.js';
import { kpiReport, type KpiReport, type KpiTargets } from '../kpis/kpi-report.js';

export interface ReportFilters {
  year: number;
  districtCode: string | null;
  block: DistrictBlock | null;
  zoneCode: string | null;
}

export type RungCounts = Record<Rung, number>;
const zeroCounts = (): RungCounts => Object.fromEntries(RUNGS.map((r) => [r, 0])) as RungCounts;

/** "Close to the next rung": gaps of at most this many criteria of the next rung. */
export const CLOSE_MAX_GAP = 3;
/** Targets and actuals are shown for this many years up to the selected one. */
export const TREND_YEARS = 7;
/** Conversions are shown for this many year pairs up to the selected year. */
export const CONVERSION_PAIRS = 5;
/**
 * Report figures are computed at most once a minute per scope and filters; between one and ten
 * minutes old they are still served at once while a fresh computation runs in the background
 * (stale-while-revalidate); older than that they are computed before answering.
 */
export const CACHE_TTL_MS = 60_000;
export const CACHE_STALE_MS = 600_000;
const CACHE_MAX = 500;
export const OVERDUE_LIST_SIZE = 20;

/** Statuses in which an application is finished (no action leads out of them), per type, from the workflows. */
export const TERMINAL_STATUSES: Record<string, readonly string[]> = Object.fromEntries(Object.entries(MACHINES).map(([type, machine]) => [type, machine.terminal]));
const isTerminal = (type: string, status: string) => TERMINAL_STATUSES[type]?.includes(status) ?? false;

export interface DistrictRef {
  code: string;
  nameZh: string;
  nameEn: string;
  block: string;
}

export interface PipelineReport {
  year: number;
  /** `files`: live files in view, rung or not (the funnel's base, api.md); `total`: those on a rung. */
  districts: { district: DistrictRef; counts: RungCounts; total: number; files: number }[];
  totals: RungCounts & { total: number; files: number };
  conversions: { fromYear: number; toYear: number; fromTier: Rung; toTier: Rung; base: number; converted: number; rate: number | null }[];
}

export interface CloseItem {
  enterpriseId: number;
  name: string;
  districtCode: string;
  zoneCode: string | null;
  currentTier: string | null;
  highestTier: string | null;
  nextTier: string;
  gapCount: number;
  gapCodes: string[];
  /** Yuan short on the gap's money criteria (from the last forecast run), null when unknown. */
  shortfall: number | null;
  asOf: string;
}

export interface TargetsReport {
  year: number;
  /** '' = city-wide targets; a district code; null when the filtered area has no comparable target. */
  targetDistrict: string | null;
  metrics: {
    metric: TargetMetric;
    trend: { year: number; date: string; actual: number; target: number | null; targetKind: TargetKind | null; planPeriod: string | null }[];
  }[];
  /** The plan periods the trend's years fall in, with their documents. */
  plans: { code: string; nameZh: string; nameEn: string; firstYear: number; lastYear: number; document: string | null }[];
}

export interface ApplicationsReport {
  available: boolean;
  year: number;
  byStatus: { type: string; status: string; terminal: boolean; count: number; overdue: number; medianDaysInStatus: number | null; oldestDays: number | null }[];
  byType: { type: string; total: number; open: number; overdue: number }[];
  overdue: { id: number; enterpriseId: number; enterpriseName: string; type: string; status: string; dueOn: string; daysOverdue: number }[];
}

export interface WorkloadReport {
  today: string;
  visitsSince: string;
  /** The window visits are counted over (reference setting reports.visitDays). */
  visitDays: number;
  officers: { officerId: number; name: string; districtCode: string | null; zoneCode: string | null; files: number; openTasks: number; overdueTasks: number; visits: number }[];
  unassignedFiles: number;
}

export interface ExpiringReport {
  today: string;
  until6: string;
  until12: string;
  byMonth: { month: string; hnte: number; recognitions: number }[];
  byDistrict: { district: DistrictRef; hnte6: number; hnte12: number; recognitions6: number; recognitions12: number }[];
}

export interface SuperDeductionReport {
  asOfFrom: string | null;
  asOfTo: string | null;
  byDistrict: { district: DistrictRef; evaluated: number; eligible: number; extraDeduction: number; taxSaving: number }[];
  totals: { evaluated: number; eligible: number; extraDeduction: number; taxSaving: number };
}

export interface LoansReport {
  available: boolean;
  year: number;
  byDistrict: { district: DistrictRef; disbursed: number; amount: number; active: number; defaults: number; principalLoss: number; interestSubsidies: number; appraisalSubsidies: number }[];
  totals: { disbursed: number; amount: number; active: number; defaults: number; principalLoss: number; interestSubsidies: number; appraisalSubsidies: number };
}

export interface StripCounts {
  files: number;
  /** Loans in post-loan monitoring and their principal (yuan). */
  loansOutstanding: { count: number; amount: number };
}

export interface ForecastReport {
  job: { id: number; finishedAt: Date | null; summary: Record<string, unknown> | null } | null;
  running: { id: number; status: string; done: number; total: number } | null;
  byDistrict: { district: DistrictRef; counts: RungCounts; total: number }[];
  totals: RungCounts & { total: number };
  byRung: { tier: Rung; eligibleNow: number; projected: number; newEntrants: number }[];
  evaluated: number;
  insufficient: number;
}

const districtRef = (d: District | undefined, code: string): DistrictRef => (d ? { code: d.code, nameZh: d.nameZh, nameEn: d.nameEn, block: d.block } : { code, nameZh: code, nameEn: code, block: '' });

/**
 * The manager's pipeline dashboard (issue 6). Every figure is an aggregate computed in the database
 * (GROUP BY / COUNT / SUM over indexed columns), over enterprise rows restricted by the filters and
 * by the caller's access scope (applyScope on every query), never a loop over entities.
 */
@Injectable()
export class ReportsService {
  private tableCache = new Map<string, { exists: boolean; at: number }>();
  private readonly logger = new Logger(ReportsService.name);
  private results = new Map<string, { at: number; value: Promise<unknown>; refreshing?: boolean }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceService,
    private readonly periods: PlanPeriodsService,
    private readonly settings: SettingsService,
  ) {}

  /** Reports are for the bureau's staff; enterprise users get 403. */
  assertStaff(actor: Actor): void {
    enforce(decideReports(actor, 'read'));
  }

  currentYear(): number {
    return Number(todayIso().slice(0, 4));
  }

  /** Checks the filters against the reference data (an unknown district or zone is a 400). */
  async filters(actor: Actor, q: ReportQueryDto): Promise<ReportFilters> {
    this.assertStaff(actor);
    const details: { field: string; message: string }[] = [];
    if (q.districtCode && !(await this.reference.district(q.districtCode))) details.push({ field: 'districtCode', message: 'unknown district' });
    if (q.zoneCode && !(await this.reference.zone(q.zoneCode))) details.push({ field: 'zoneCode', message: 'unknown functional zone' });
    if (details.length) throw new InvalidInputError(`Invalid filter: ${details.map((d) => d.field).join(', ')}`, details);
    return { year: q.year ?? this.currentYear(), districtCode: q.districtCode ?? null, block: (q.block as DistrictBlock | undefined) ?? null, zoneCode: q.zoneCode ?? null };
  }

  /**
   * A report's figures for a scope and filters, computed at most once per CACHE_TTL_MS (a minute):
   * the dashboard runs a dozen aggregations over the whole city, and paging the list or reloading
   * should not run them again. Concurrent requests share one computation; figures up to
   * CACHE_STALE_MS old are answered at once while they are recomputed in the background. Keys hold
   * the scope (not the user), so officers of one district share figures; a target edit clears all.
   */
  cached<T>(section: string, actor: Actor, f: ReportFilters, extra: string, compute: () => Promise<T>): Promise<T> {
    const scope = scopeOf(actor);
    const scopeKey = scope.kind === 'area' ? `area:${scope.districtCodes.join(',')}:${scope.zoneCodes.join(',')}` : scope.kind;
    const key = [section, scopeKey, f.year, f.districtCode ?? '', f.block ?? '', f.zoneCode ?? '', extra].join('|');
    const now = Date.now();
    const hit = this.results.get(key);
    if (hit && now - hit.at < CACHE_TTL_MS) return hit.value as Promise<T>;
    if (hit && now - hit.at < CACHE_STALE_MS) {
      if (!hit.refreshing) {
        hit.refreshing = true;
        compute().then(
          (value) => this.results.set(key, { at: Date.now(), value: Promise.resolve(value) }),
          (err: Error) => {
            hit.refreshing = false;
            this.logger.warn(`refreshing ${section} failed: ${err.message}`);
          },
        );
      }
      return hit.value as Promise<T>;
    }
    const value = compute();
    this.results.set(key, { at: now, value });
    value.catch(() => this.results.delete(key));
    if (this.results.size > CACHE_MAX) {
      for (const [k, v] of this.results) if (now - v.at >= CACHE_STALE_MS || this.results.size > CACHE_MAX) this.results.delete(k);
    }
    return value;
  }

  /** Forgets every cached figure (after a change the reports must show at once, e.g. a target). */
  invalidate(): void {
    this.results.clear();
  }

  /** Live enterprise files (`e`) within the filters and the caller's scope: the base of every report. */
  scoped(actor: Actor, f: ReportFilters): SelectQueryBuilder<Enterprise> {
    return this.area(this.dataSource.getRepository(Enterprise).createQueryBuilder('e'), 'e', actor, f);
  }

  /**
   * Restricts rows of another table to files in view: `column + 0 IN (SELECT e.id … scoped)`. The id
   * list is built once (an ephemeral index on SQLite, a hashed subplan on PostgreSQL) and probed per
   * row, while the outer query walks its own index; `+ 0` keeps SQLite from driving the outer table
   * through the list instead (one index lookup and one wide-row read per file).
   */
  private inView<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, column: string, actor: Actor, f: ReportFilters): SelectQueryBuilder<T> {
    const scope = scopeOf(actor);
    if (scope.kind === 'all' && !f.districtCode && !f.block && !f.zoneCode) {
      // The whole city (applyScope adds nothing for it): only the few deleted files are left out,
      // instead of listing 120,000 live ids.
      return qb.andWhere(`${column} NOT IN (SELECT dx.id FROM enterprise dx WHERE dx.deleted_at IS NOT NULL)`);
    }
    const ids = this.scoped(actor, f).select('e.id');
    return qb.andWhere(`${column} + 0 IN (${ids.getQuery()})`, ids.getParameters());
  }

  /** The district / block / zone filters and the access scope on any alias with district_code and zone_code. */
  private area<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, actor: Actor, f: ReportFilters): SelectQueryBuilder<T> {
    if (f.districtCode) qb.andWhere(`${alias}.district_code = :fDistrict`, { fDistrict: f.districtCode });
    if (f.block) qb.andWhere(`${alias}.district_code IN (SELECT fd.code FROM district fd WHERE fd.block = :fBlock)`, { fBlock: f.block });
    if (f.zoneCode) qb.andWhere(`${alias}.zone_code = :fZone`, { fZone: f.zoneCode });
    return applyScope(qb, alias, scopeOf(actor));
  }

  /** The city transformation targets and their baseline year (reference settings kpi.*). */
  async kpiTargets(): Promise<KpiTargets> {
    return {
      baselineYear: await this.settings.int('kpi.baselineYear'),
      profit: (await this.settings.int('kpi.target.profitPct')) / 100,
      taxPerHectare: (await this.settings.int('kpi.target.taxPerHectarePct')) / 100,
      energy: (await this.settings.int('kpi.target.energyPct')) / 100,
    };
  }

  /** Transformation KPIs per district and industry section against the city targets (src/kpis/kpi-report.ts). */
  async kpis(actor: Actor, f: ReportFilters): Promise<KpiReport> {
    this.assertStaff(actor);
    return this.cached('kpis', actor, f, '', async () => {
      const districts = (await this.visibleDistricts(actor, f)).map((d) => d.code);
      return kpiReport(this.dataSource, (qb, alias) => this.area(qb, alias, actor, f), f.year, districts, await this.kpiTargets());
    });
  }

  /**
   * The plan cockpit's own actuals per year (src/reports/plan-cockpit.ts): files recognised as
   * tech-based SMEs in the year, and R&D ÷ operating revenue over the files in view with both figures.
   */
  async cockpitActuals(actor: Actor, f: ReportFilters, years: number[]): Promise<{ techSme: Map<number, number>; rdIntensity: Map<number, number | null>; srdi: Map<number, number> }> {
    this.assertStaff(actor);
    const today = todayIso();
    return this.cached('cockpit', actor, f, `${years.join(',')}@${today}`, async () => {
      // SRDI enterprises: a recognition of the SRDI ladder in force at the year's end (today for this year).
      const sq = this.scoped(actor, f).innerJoin('recognition', 's', 's.enterprise_id = e.id AND s.tier IN (:...srdiRungs)', { srdiRungs: [...SRDI_RUNGS] }).select('COUNT(DISTINCT e.id)', 'any');
      const tq = this.scoped(actor, f).innerJoin('recognition', 'r', "r.enterprise_id = e.id AND r.tier = 'tech-sme'").select('COUNT(DISTINCT e.id)', 'any');
      const rq = this.scoped(actor, f).innerJoin('annual_financials', 'af', 'af.enterprise_id = e.id AND af.operating_revenue > 0 AND af.rd_expense IS NOT NULL').select('COUNT(*)', 'any');
      years.forEach((y, i) => {
        tq.addSelect(`COUNT(DISTINCT CASE WHEN r.year = :ty${i} THEN e.id END)`, `y${i}`).setParameter(`ty${i}`, y);
        const on = `${y}-12-31` < today ? `${y}-12-31` : today;
        sq.addSelect(`COUNT(DISTINCT CASE WHEN s.valid_from <= :sd${i} AND s.valid_until >= :sd${i} THEN e.id END)`, `y${i}`).setParameter(`sd${i}`, on);
        rq.addSelect(`SUM(CASE WHEN af.year = :ry${i} THEN af.rd_expense END)`, `rd${i}`).addSelect(`SUM(CASE WHEN af.year = :ry${i} THEN af.operating_revenue END)`, `rev${i}`).setParameter(`ry${i}`, y);
      });
      const [t, r, s] = await Promise.all([tq.getRawOne<Record<string, unknown>>(), rq.getRawOne<Record<string, unknown>>(), sq.getRawOne<Record<string, unknown>>()]);
      return {
        techSme: new Map(years.map((y, i) => [y, n(t?.[`y${i}`])])),
        rdIntensity: new Map(years.map((y, i) => [y, n(r?.[`rev${i}`]) > 0 ? n(r?.[`rd${i}`]) / n(r?.[`rev${i}`]) : null])),
        srdi: new Map(years.map((y, i) => [y, n(s?.[`y${i}`])])),
      };
    });
  }

  /** The districts the filters and the scope leave visible (rows of the per-district tables, zeros included). */
  async visibleDistricts(actor: Actor, f: ReportFilters): Promise<District[]> {
    const scope: AccessScope = scopeOf(actor);
    let list = await this.reference.districts();
    if (scope.kind === 'none' || scope.kind === 'enterprise') return [];
    if (scope.kind === 'area') {
      const allowed = new Set(scope.districtCodes);
      for (const z of scope.zoneCodes) {
        const zone = await this.reference.zone(z);
        if (zone) allowed.add(zone.districtCode);
      }
      list = list.filter((d) => allowed.has(d.code));
    }
    if (f.districtCode) list = list.filter((d) => d.code === f.districtCode);
    if (f.block) list = list.filter((d) => d.block === f.block);
    if (f.zoneCode) {
      const zone = await this.reference.zone(f.zoneCode);
      list = list.filter((d) => d.code === zone?.districtCode);
    }
    return list;
  }

  async districtRows<T>(actor: Actor, f: ReportFilters, found: Iterable<string>, make: () => T): Promise<{ district: DistrictRef; row: T }[]> {
    const visible = await this.visibleDistricts(actor, f);
    const all = await this.reference.districts();
    const codes = [...visible.map((d) => d.code)];
    for (const c of found) if (!codes.includes(c)) codes.push(c);
    codes.sort();
    return codes.map((code) => ({ district: districtRef(all.find((d) => d.code === code), code), row: make() }));
  }

  async hasTables(...names: string[]): Promise<boolean> {
    for (const name of names) {
      const cached = this.tableCache.get(name);
      if (cached && (cached.exists || Date.now() - cached.at < 60_000)) {
        if (!cached.exists) return false;
        continue;
      }
      const runner = this.dataSource.createQueryRunner();
      try {
        const exists = await runner.hasTable(name);
        this.tableCache.set(name, { exists, at: Date.now() });
        if (!exists) return false;
      } finally {
        await runner.release();
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Enterprises at each rung by district, the funnel, conversions year over year.

  /**
   * Each enterprise counts once a year, at the highest rung it was recognised at in that year
   * (recognition.year). Conversion from rung R in year Y-1: of the enterprises whose highest rung in
   * Y-1 was R, the share whose highest rung in Y is above R.
   */
  pipeline(actor: Actor, f: ReportFilters): Promise<PipelineReport> {
    return this.cached('pipeline', actor, f, '', () => this.computePipeline(actor, f));
  }

  private async computePipeline(actor: Actor, f: ReportFilters): Promise<PipelineReport> {
    const rank = rankSql('r.tier');
    const heat = await this.scoped(actor, f)
      .innerJoin(`(SELECT r.enterprise_id AS eid, MAX(${rank}) AS rung FROM recognition r WHERE r.year = :pYear GROUP BY r.enterprise_id)`, 'h', 'h.eid = e.id AND h.rung > 0')
      .select('e.district_code', 'district').addSelect('h.rung', 'rung').addSelect('COUNT(*)', 'n')
      .groupBy('e.district_code').addGroupBy('h.rung')
      .setParameter('pYear', f.year)
      .getRawMany<{ district: string; rung: number | string; n: number | string }>();

    // The base of the funnel: every live file in view, whether it stands on a rung or not.
    const base = await this.scoped(actor, f)
      .select('e.district_code', 'district').addSelect('COUNT(*)', 'n')
      .groupBy('e.district_code')
      .getRawMany<{ district: string; n: number | string }>();
    const filesOf = new Map(base.map((b) => [b.district, n(b.n)]));

    const rows = await this.districtRows(actor, f, [...heat.map((h) => h.district), ...filesOf.keys()], zeroCounts);
    const byCode = new Map(rows.map((r) => [r.district.code, r.row]));
    const totals = { ...zeroCounts(), total: 0, files: [...filesOf.values()].reduce((a, b) => a + b, 0) };
    for (const h of heat) {
      const rung = rungOfRank(n(h.rung));
      if (!rung) continue;
      byCode.get(h.district)![rung] += n(h.n);
      totals[rung] += n(h.n);
      totals.total += n(h.n);
    }

    const y0 = f.year - CONVERSION_PAIRS;
    const yearly = `(SELECT r.enterprise_id AS eid, r.year AS yr, MAX(${rank}) AS rung FROM recognition r WHERE r.year >= :cFrom AND r.year <= :cTo GROUP BY r.enterprise_id, r.year)`;
    const conv = await this.scoped(actor, f)
      .innerJoin(yearly, 'a', 'a.eid = e.id AND a.rung > 0 AND a.yr < :cTo')
      .leftJoin(yearly, 'b', 'b.eid = a.eid AND b.yr = a.yr + 1')
      .select('a.yr', 'yr').addSelect('a.rung', 'rung').addSelect('COUNT(*)', 'base')
      .addSelect('SUM(CASE WHEN b.rung > a.rung THEN 1 ELSE 0 END)', 'converted')
      .groupBy('a.yr').addGroupBy('a.rung')
      .setParameters({ cFrom: y0, cTo: f.year })
      .getRawMany<{ yr: number | string; rung: number | string; base: number | string; converted: number | string }>();
    const conversions: PipelineReport['conversions'] = [];
    for (let year = y0; year < f.year; year++) {
      for (let i = 0; i < RUNGS.length - 1; i++) {
        const row = conv.find((c) => n(c.yr) === year && n(c.rung) === i + 1);
        const base = n(row?.base);
        const converted = n(row?.converted);
        conversions.push({ fromYear: year, toYear: year + 1, fromTier: RUNGS[i]!, toTier: RUNGS[i + 1]!, base, converted, rate: base ? converted / base : null });
      }
    }
    return {
      year: f.year,
      districts: rows.map((r) => ({ district: r.district, counts: r.row, total: RUNGS.reduce((s, t) => s + r.row[t], 0), files: filesOf.get(r.district.code) ?? 0 })),
      totals,
      conversions,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Close to the next rung.

  async lastForecastJob(): Promise<Job | null> {
    return this.dataSource.getRepository(Job).findOne({ where: { kind: FORECAST_JOB, status: 'done' }, order: { id: 'DESC' } });
  }

  /**
   * Enterprises whose latest evaluation (eligibility_status) misses the next rung by 1 to
   * CLOSE_MAX_GAP criteria. Ranked by the number of criteria missing, then by the money short on
   * them (from the last forecast run; unknown amounts after known ones), then higher rungs first,
   * then the file's id, so the order is stable across pages.
   */
  async closeToNextRung(actor: Actor, f: ReportFilters, page = 1, pageSize = 25): Promise<{ items: CloseItem[]; total: number; page: number; pageSize: number; maxGap: number; forecastJobId: number | null }> {
    const job = await this.lastForecastJob();
    const jobId = job?.id ?? null;
    return this.cached('close', actor, f, `${page}:${pageSize}:${jobId ?? ''}`, () => this.computeClose(actor, f, page, pageSize, jobId));
  }

  private async computeClose(actor: Actor, f: ReportFilters, page: number, pageSize: number, jobId: number | null) {
    const candidates = () => this.inView(this.dataSource.createQueryBuilder().from('eligibility_status', 's'), 's.enterprise_id', actor, f)
      .andWhere('s.gap_count >= 1 AND s.gap_count <= :maxGap', { maxGap: CLOSE_MAX_GAP })
      .andWhere('s.next_tier IS NOT NULL');
    const total = n((await candidates().select('COUNT(*)', 'n').getRawOne<{ n: number | string }>())?.n);
    // The page's ids first, ranked on narrow columns only; then the details of those few files.
    const ranked = await candidates()
      .leftJoin('report_forecast', 'fc', 'fc.enterprise_id = s.enterprise_id AND fc.job_id = :fcJob', { fcJob: jobId ?? -1 })
      .select('s.enterprise_id', 'id')
      .addSelect('CASE WHEN fc.shortfall IS NULL THEN 1 ELSE 0 END', 'unknownShortfall')
      .addSelect(rankSql('s.next_tier'), 'nextRank')
      .orderBy('s.gap_count', 'ASC')
      .addOrderBy('"unknownShortfall"', 'ASC')
      .addOrderBy('fc.shortfall', 'ASC')
      .addOrderBy('"nextRank"', 'DESC')
      .addOrderBy('s.enterprise_id', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getRawMany<{ id: number | string }>();
    const ids = ranked.map((r) => n(r.id));
    const details = ids.length
      ? await this.dataSource.getRepository(Enterprise).createQueryBuilder('e')
        .innerJoin('eligibility_status', 's', 's.enterprise_id = e.id')
        .leftJoin('report_forecast', 'fc', 'fc.enterprise_id = e.id AND fc.job_id = :fcJob', { fcJob: jobId ?? -1 })
        .where('e.id IN (:...ids)', { ids })
        .select(['e.id AS "id"', 'e.name AS "name"', 'e.district_code AS "districtCode"', 'e.zone_code AS "zoneCode"', 'e.current_tier AS "currentTier"'])
        .addSelect(['s.highest_tier AS "highestTier"', 's.next_tier AS "nextTier"', 's.gap_count AS "gapCount"', 's.gap_codes AS "gapCodes"', 's.as_of AS "asOf"', 'fc.shortfall AS "shortfall"'])
        .getRawMany<Record<string, unknown>>()
      : [];
    const byId = new Map(details.map((r) => [n(r.id), r]));
    return {
      items: ids.map((id) => byId.get(id)!).filter(Boolean).map((r) => ({
        enterpriseId: n(r.id), name: String(r.name), districtCode: String(r.districtCode), zoneCode: (r.zoneCode as string) ?? null,
        currentTier: (r.currentTier as string) ?? null, highestTier: (r.highestTier as string) ?? null, nextTier: String(r.nextTier),
        gapCount: n(r.gapCount), gapCodes: String(r.gapCodes ?? '').split(',').filter(Boolean),
        shortfall: r.shortfall === null || r.shortfall === undefined ? null : n(r.shortfall) / 100, asOf: String(r.asOf),
      })),
      total, page, pageSize, maxGap: CLOSE_MAX_GAP, forecastJobId: jobId,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Targets versus actuals.

  /** Which target row applies to the filtered area: the city's, one district's, or none. */
  targetDistrict(actor: Actor, f: ReportFilters): string | null {
    if (f.block || f.zoneCode) return null;
    const scope = scopeOf(actor);
    if (scope.kind === 'all') return f.districtCode ?? '';
    if (scope.kind === 'area' && !scope.zoneCodes.length) {
      if (f.districtCode) return scope.districtCodes.includes(f.districtCode) ? f.districtCode : null;
      return scope.districtCodes.length === 1 ? scope.districtCodes[0]! : null;
    }
    return null;
  }

  /** The date a year's actual is counted on: 31 December, or today for the running year. */
  private countDate(year: number): string {
    const today = todayIso();
    return year === Number(today.slice(0, 4)) ? today : `${year}-12-31`;
  }

  /**
   * HNTE: enterprises holding an HNTE certificate in force on the count date (qualification
   * `hnte-certificate` with its validity, or a `high-tech` recognition). Leaders: enterprises ever
   * recognised as leader or leader candidate up to that year (the plan's target is cumulative).
   */
  targets(actor: Actor, f: ReportFilters): Promise<TargetsReport> {
    return this.cached('targets', actor, f, '', () => this.computeTargets(actor, f));
  }

  private async computeTargets(actor: Actor, f: ReportFilters): Promise<TargetsReport> {
    const years = Array.from({ length: TREND_YEARS }, (_, i) => f.year - TREND_YEARS + 1 + i);
    const hnteSource = "(SELECT q.enterprise_id AS eid, COALESCE(q.obtained_on, '0000-01-01') AS f0, q.valid_until AS f1 FROM qualification q WHERE q.kind = 'hnte-certificate' AND q.valid_until IS NOT NULL"
      + " UNION ALL SELECT r.enterprise_id AS eid, r.valid_from AS f0, r.valid_until AS f1 FROM recognition r WHERE r.tier = 'high-tech')";
    const hq = this.scoped(actor, f).innerJoin(hnteSource, 'c', 'c.eid = e.id').select('COUNT(DISTINCT e.id)', 'any');
    const lq = this.scoped(actor, f).innerJoin('recognition', 'r', "r.enterprise_id = e.id AND r.tier IN ('leader', 'leader-candidate')").select('COUNT(DISTINCT e.id)', 'any');
    years.forEach((y, i) => {
      hq.addSelect(`COUNT(DISTINCT CASE WHEN c.f0 <= :hd${i} AND c.f1 >= :hd${i} THEN e.id END)`, `y${i}`).setParameter(`hd${i}`, this.countDate(y));
      lq.addSelect(`COUNT(DISTINCT CASE WHEN r.year <= :ly${i} THEN e.id END)`, `y${i}`).setParameter(`ly${i}`, y);
    });
    const [hnte, leaders] = await Promise.all([hq.getRawOne<Record<string, unknown>>(), lq.getRawOne<Record<string, unknown>>()]);

    const targetDistrict = this.targetDistrict(actor, f);
    const rows = targetDistrict === null ? [] : await this.dataSource.getRepository(Target).find({ where: { districtCode: targetDistrict }, order: { year: 'ASC' } });
    // Each year reads the targets of its own plan period (2021–2025 the 14th plan, 2026– the 15th).
    const periods = await this.periods.periods();
    const metrics = TARGET_METRICS.map((metric) => {
      const set = rows.filter((r) => r.metric === metric);
      const actual = metric === 'hnte' ? hnte : leaders;
      return {
        metric,
        trend: years.map((year, i) => {
          const period = periodOfYear(periods, year);
          const own = period ? set.filter((r) => r.planPeriodId === period.id) : [];
          const point = targetDistrict === null ? { target: null, targetKind: null, planPeriod: period?.code ?? null } : planTargetFor(period, own, year);
          return { year, date: this.countDate(year), actual: n(actual?.[`y${i}`]), ...point };
        }),
      };
    });
    const used = new Set(metrics.flatMap((m) => m.trend.map((p) => p.planPeriod)));
    const plans = periods.filter((p) => used.has(p.code)).map((p) => ({ code: p.code, nameZh: p.nameZh, nameEn: p.nameEn, firstYear: p.firstYear, lastYear: p.lastYear, document: p.document }));
    return { year: f.year, targetDistrict, metrics, plans };
  }

  // ---------------------------------------------------------------------------------------------
  // Applications by type and status.

  /**
   * Applications of the programme year, by type and status: how many, how many past their stage's
   * due date, the oldest time in the current status, and the median time in status over every stay
   * in it (from the status history: entering a status to leaving it, or to now while still in it).
   */
  applications(actor: Actor, f: ReportFilters): Promise<ApplicationsReport> {
    return this.cached('applications', actor, f, '', () => this.computeApplications(actor, f));
  }

  private async computeApplications(actor: Actor, f: ReportFilters): Promise<ApplicationsReport> {
    const empty: ApplicationsReport = { available: false, year: f.year, byStatus: [], byType: [], overdue: [] };
    if (!(await this.hasTables('application', 'application_history'))) return empty;
    const today = todayIso();
    const at = now();
    // Counts and stays walk the application tables and keep the files in view (semi-join); the short
    // overdue list joins the files for their names.
    const apps = () => this.inView(this.dataSource.createQueryBuilder().from('application', 'a'), 'a.enterprise_id', actor, f).andWhere('a.year = :aYear', { aYear: f.year });
    const base = () => this.scoped(actor, f).innerJoin('application', 'a', 'a.enterprise_id = e.id').andWhere('a.year = :aYear', { aYear: f.year });
    const notTerminal = Object.entries(TERMINAL_STATUSES).map(([type, states]) => `(a.type = '${type}' AND a.status IN (${states.map((s) => `'${s}'`).join(', ')}))`).join(' OR ');

    const counts = await apps()
      .select('a.type', 'type').addSelect('a.status', 'status').addSelect('COUNT(*)', 'n')
      .addSelect(`SUM(CASE WHEN a.due_on IS NOT NULL AND a.due_on < :today AND NOT (${notTerminal}) THEN 1 ELSE 0 END)`, 'overdue')
      .addSelect('MIN(a.status_since)', 'oldest')
      .groupBy('a.type').addGroupBy('a.status')
      .setParameter('today', today)
      .getRawMany<{ type: string; status: string; n: number | string; overdue: number | string; oldest: Date | string | null }>();

    // Every stay in a status: a transition into it, until the next transition (or now).
    const stays = apps()
      .innerJoin('application_history', 'h', "h.application_id = a.id AND h.kind = 'transition' AND h.to_status IS NOT NULL")
      .select('a.type', 'type').addSelect('h.to_status', 'status').addSelect('h.at', 'entered')
      .addSelect('LEAD(h.at) OVER (PARTITION BY h.application_id ORDER BY h.at, h.id)', 'left_at');
    const [staysSql, staysParams] = stays.getQueryAndParameters();
    const pg = isPostgres(this.dataSource);
    const nowParam = pg ? `CAST($${staysParams.length + 1} AS timestamp)` : '?';
    const days = daysBetweenSql(this.dataSource, `COALESCE(s.left_at, ${nowParam})`, 's.entered');
    const medianSql = `SELECT m.type AS type, m.status AS status, AVG(m.days) AS median FROM (
        SELECT d.type, d.status, d.days, ROW_NUMBER() OVER (PARTITION BY d.type, d.status ORDER BY d.days) AS rn, COUNT(*) OVER (PARTITION BY d.type, d.status) AS cnt
        FROM (SELECT s.type AS type, s.status AS status, ${days} AS days FROM (${staysSql}) s) d
      ) m WHERE m.rn = (m.cnt + 1) / 2 OR m.rn = (m.cnt + 2) / 2 GROUP BY m.type, m.status`;
    const medians: { type: string; status: string; median: number | string }[] = await this.dataSource.query(
      medianSql,
      pg ? [...staysParams, at] : [dbTime(this.dataSource, at), ...staysParams],
    );

    const overdueRows = await base()
      .andWhere('a.due_on IS NOT NULL AND a.due_on < :today', { today })
      .andWhere(`NOT (${notTerminal})`)
      .select(['a.id AS "id"', 'e.id AS "enterpriseId"', 'e.name AS "enterpriseName"', 'a.type AS "type"', 'a.status AS "status"', 'a.due_on AS "dueOn"'])
      .orderBy('a.due_on', 'ASC').addOrderBy('a.id', 'ASC')
      .limit(OVERDUE_LIST_SIZE)
      .getRawMany<{ id: number; enterpriseId: number; enterpriseName: string; type: string; status: string; dueOn: string }>();

    const byStatus = counts.map((c) => {
      const terminal = isTerminal(c.type, c.status);
      const median = medians.find((m) => m.type === c.type && m.status === c.status);
      return {
        type: c.type, status: c.status, terminal, count: n(c.n), overdue: terminal ? 0 : n(c.overdue),
        medianDaysInStatus: terminal || !median ? null : Math.round(n(median.median) * 10) / 10,
        oldestDays: terminal ? null : ageInDays(c.oldest, at),
      };
    }).sort((a, b) => a.type.localeCompare(b.type) || a.status.localeCompare(b.status));
    const types = [...new Set(byStatus.map((r) => r.type))].sort();
    return {
      available: true,
      year: f.year,
      byStatus,
      byType: types.map((type) => {
        const rows = byStatus.filter((r) => r.type === type);
        return { type, total: rows.reduce((s, r) => s + r.count, 0), open: rows.filter((r) => !r.terminal).reduce((s, r) => s + r.count, 0), overdue: rows.reduce((s, r) => s + r.overdue, 0) };
      }),
      overdue: overdueRows.map((r) => ({ ...r, id: n(r.id), enterpriseId: n(r.enterpriseId), daysOverdue: Math.round((Date.parse(today) - Date.parse(r.dueOn)) / 86400_000) })),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Officer workload.

  /** Per officer: files assigned, open and overdue tasks, visits recorded in the last `reports.visitDays` days (on files in view). */
  workload(actor: Actor, f: ReportFilters): Promise<WorkloadReport> {
    return this.cached('workload', actor, f, '', () => this.computeWorkload(actor, f));
  }

  private async computeWorkload(actor: Actor, f: ReportFilters): Promise<WorkloadReport> {
    const today = todayIso();
    const visitDays = await this.settings.int('reports.visitDays');
    const since = new Date(now().getTime() - visitDays * 86400_000);
    // Each count walks its own covering index (live files by officer, open tasks, recent visits) and
    // keeps the rows whose file is in view: a semi-join on the scoped file ids, built once.
    const [files, tasks, visits] = await Promise.all([
      this.inView(this.dataSource.getRepository(Enterprise).createQueryBuilder('o'), 'o.id', actor, f)
        .select('o.assigned_officer_id', 'oid').addSelect('COUNT(*)', 'n').groupBy('o.assigned_officer_id')
        .getRawMany<{ oid: number | null; n: number | string }>(),
      this.inView(this.dataSource.createQueryBuilder().from('task', 't'), 't.enterprise_id', actor, f)
        .andWhere('t.done_at IS NULL AND t.assignee_id IS NOT NULL')
        // (+ 0: group on the value, so the planner walks the covering open-task index, not an assignee index.)
        .select('t.assignee_id + 0', 'oid').addSelect('COUNT(*)', 'open').addSelect('SUM(CASE WHEN t.due_on < :today THEN 1 ELSE 0 END)', 'overdue')
        .groupBy('t.assignee_id + 0').setParameter('today', today)
        .getRawMany<{ oid: number; open: number | string; overdue: number | string }>(),
      this.inView(this.dataSource.createQueryBuilder().from('activity', 'v'), 'v.enterprise_id', actor, f)
        .andWhere("v.kind = 'visit' AND v.occurred_at >= :since AND v.author_id IS NOT NULL", { since: dbTime(this.dataSource, since) })
        // (+ 0: the covering (kind, occurred_at, …) index, not a skip-scan of the author index.)
        .select('v.author_id + 0', 'oid').addSelect('COUNT(*)', 'n').groupBy('v.author_id + 0')
        .getRawMany<{ oid: number; n: number | string }>(),
    ]);
    const ids = new Set<number>();
    for (const r of [...files, ...tasks, ...visits]) if (r.oid !== null && r.oid !== undefined) ids.add(n(r.oid));
    const districtCodes = (await this.visibleDistricts(actor, f)).map((d) => d.code);
    const users = this.dataSource.getRepository(User).createQueryBuilder('u')
      .select(['u.id', 'u.displayName', 'u.districtCode', 'u.zoneCode', 'u.role', 'u.active']);
    const staffFilter: string[] = [];
    if (ids.size) staffFilter.push('u.id IN (:...ids)');
    if (districtCodes.length && !f.zoneCode) staffFilter.push("(u.role = 'officer' AND u.active = :active AND u.district_code IN (:...codes))");
    if (f.zoneCode) staffFilter.push("(u.role = 'officer' AND u.active = :active AND u.zone_code = :zone)");
    const people = staffFilter.length
      ? await users.where(`(${staffFilter.join(' OR ')})`, { ids: [...ids], active: true, codes: districtCodes, zone: f.zoneCode }).getMany()
      : [];
    const officers = people.map((u) => {
      const file = files.find((r) => r.oid !== null && n(r.oid) === u.id);
      const task = tasks.find((r) => n(r.oid) === u.id);
      const visit = visits.find((r) => n(r.oid) === u.id);
      return { officerId: u.id, name: u.displayName, districtCode: u.districtCode, zoneCode: u.zoneCode, files: n(file?.n), openTasks: n(task?.open), overdueTasks: n(task?.overdue), visits: n(visit?.n) };
    }).sort((a, b) => b.files - a.files || b.openTasks - a.openTasks || a.name.localeCompare(b.name));
    return { today, visitsSince: businessDate(since), visitDays, officers, unassignedFiles: n(files.find((r) => r.oid === null)?.n) };
  }

  // ---------------------------------------------------------------------------------------------
  // Certificates expiring.

  /** HNTE certificates (qualifications and `high-tech` recognitions) and ladder recognitions expiring within 6 and 12 months. */
  expiring(actor: Actor, f: ReportFilters): Promise<ExpiringReport> {
    return this.cached('expiring', actor, f, '', () => this.computeExpiring(actor, f));
  }

  private async computeExpiring(actor: Actor, f: ReportFilters): Promise<ExpiringReport> {
    const today = todayIso();
    const until6 = addMonths(today, 6);
    const until12 = addMonths(today, 12);
    const hnteSource = "(SELECT q.enterprise_id AS eid, q.valid_until AS until_on FROM qualification q WHERE q.kind = 'hnte-certificate'"
      + " UNION ALL SELECT r.enterprise_id AS eid, r.valid_until AS until_on FROM recognition r WHERE r.tier = 'high-tech')";
    const ladderSource = `(SELECT r.enterprise_id AS eid, r.valid_until AS until_on FROM recognition r WHERE r.tier IN (${RUNGS.map((t) => `'${t}'`).join(', ')}))`;
    const grouped = (source: string) => this.scoped(actor, f)
      .innerJoin(source, 'x', 'x.eid = e.id AND x.until_on >= :xFrom AND x.until_on <= :xTo', { xFrom: today, xTo: until12 })
      .select('e.district_code', 'district').addSelect('SUBSTR(x.until_on, 1, 7)', 'month').addSelect('COUNT(*)', 'n')
      .addSelect('SUM(CASE WHEN x.until_on <= :x6 THEN 1 ELSE 0 END)', 'within6')
      .groupBy('e.district_code').addGroupBy('SUBSTR(x.until_on, 1, 7)')
      .setParameter('x6', until6)
      .getRawMany<{ district: string; month: string; n: number | string; within6: number | string }>();
    const [hnte, ladder] = await Promise.all([grouped(hnteSource), grouped(ladderSource)]);

    const months: string[] = [];
    for (let i = 0; i <= 12; i++) {
      const m = addMonths(today, i).slice(0, 7);
      if (!months.includes(m)) months.push(m);
    }
    const byMonth = months.map((month) => ({
      month,
      hnte: hnte.filter((r) => r.month === month).reduce((s, r) => s + n(r.n), 0),
      recognitions: ladder.filter((r) => r.month === month).reduce((s, r) => s + n(r.n), 0),
    }));
    const rows = await this.districtRows(actor, f, [...hnte, ...ladder].map((r) => r.district), () => ({ hnte6: 0, hnte12: 0, recognitions6: 0, recognitions12: 0 }));
    const byCode = new Map(rows.map((r) => [r.district.code, r.row]));
    for (const r of hnte) {
      byCode.get(r.district)!.hnte12 += n(r.n);
      byCode.get(r.district)!.hnte6 += n(r.within6);
    }
    for (const r of ladder) {
      byCode.get(r.district)!.recognitions12 += n(r.n);
      byCode.get(r.district)!.recognitions6 += n(r.within6);
    }
    return { today, until6, until12, byMonth, byDistrict: rows.map((r) => ({ district: r.district, ...r.row })) };
  }

  // ---------------------------------------------------------------------------------------------
  // Super-deduction and IP-pledge loans.

  /** Sums of the latest evaluation of each enterprise (eligibility_status), by district. */
  superDeduction(actor: Actor, f: ReportFilters): Promise<SuperDeductionReport> {
    return this.cached('super-deduction', actor, f, '', () => this.computeSuperDeduction(actor, f));
  }

  private async computeSuperDeduction(actor: Actor, f: ReportFilters): Promise<SuperDeductionReport> {
    const raw = await this.scoped(actor, f)
      .innerJoin('eligibility_status', 's', 's.enterprise_id = e.id')
      .select('e.district_code', 'district').addSelect('COUNT(*)', 'evaluated')
      .addSelect("SUM(CASE WHEN s.super_deduction = 'eligible' THEN 1 ELSE 0 END)", 'eligible')
      .addSelect('SUM(s.sd_extra_deduction)', 'extra').addSelect('SUM(s.sd_tax_saving)', 'saving')
      .addSelect('MIN(s.as_of)', 'asOfFrom').addSelect('MAX(s.as_of)', 'asOfTo')
      .groupBy('e.district_code')
      .getRawMany<{ district: string; evaluated: unknown; eligible: unknown; extra: unknown; saving: unknown; asOfFrom: string | null; asOfTo: string | null }>();
    const rows = await this.districtRows(actor, f, raw.map((r) => r.district), () => ({ evaluated: 0, eligible: 0, extraDeduction: 0, taxSaving: 0 }));
    const byCode = new Map(rows.map((r) => [r.district.code, r.row]));
    for (const r of raw) Object.assign(byCode.get(r.district)!, { evaluated: n(r.evaluated), eligible: n(r.eligible), extraDeduction: n(r.extra) / 100, taxSaving: n(r.saving) / 100 });
    const dates = raw.flatMap((r) => [r.asOfFrom, r.asOfTo]).filter((d): d is string => !!d).sort();
    const sum = (k: 'evaluated' | 'eligible' | 'extraDeduction' | 'taxSaving') => rows.reduce((s, r) => s + r.row[k], 0);
    return {
      asOfFrom: dates[0] ?? null, asOfTo: dates[dates.length - 1] ?? null,
      byDistrict: rows.map((r) => ({ district: r.district, ...r.row })),
      totals: { evaluated: sum('evaluated'), eligible: sum('eligible'), extraDeduction: Math.round(sum('extraDeduction') * 100) / 100, taxSaving: Math.round(sum('taxSaving') * 100) / 100 },
    };
  }

  /**
   * IP-pledge loans by district for the year: loans disbursed in it and their amount, loans being
   * repaid (post-loan monitoring) now, defaults declared in it with the principal lost, and
   * subsidies granted for it (interest and appraisal fee).
   */
  loans(actor: Actor, f: ReportFilters): Promise<LoansReport> {
    return this.cached('loans', actor, f, '', () => this.computeLoans(actor, f));
  }

  private async computeLoans(actor: Actor, f: ReportFilters): Promise<LoansReport> {
    const zero = { disbursed: 0, amount: 0, active: 0, defaults: 0, principalLoss: 0, interestSubsidies: 0, appraisalSubsidies: 0 };
    if (!(await this.hasTables('application', 'pledge_loan', 'loan_subsidy'))) return { available: false, year: f.year, byDistrict: [], totals: { ...zero } };
    const from = `${f.year}-01-01`;
    const to = `${f.year}-12-31`;
    const [loanRows, subsidyRows] = await Promise.all([
      this.scoped(actor, f)
        .innerJoin('application', 'a', "a.enterprise_id = e.id AND a.type = 'ip-pledge-loan'")
        .innerJoin('pledge_loan', 'l', 'l.application_id = a.id')
        .select('e.district_code', 'district')
        .addSelect('SUM(CASE WHEN l.disbursed_on >= :lFrom AND l.disbursed_on <= :lTo THEN 1 ELSE 0 END)', 'disbursed')
        .addSelect('SUM(CASE WHEN l.disbursed_on >= :lFrom AND l.disbursed_on <= :lTo THEN COALESCE(l.disbursed_amount, l.loan_amount, 0) ELSE 0 END)', 'amount')
        .addSelect("SUM(CASE WHEN a.status = 'post-loan-monitoring' THEN 1 ELSE 0 END)", 'active')
        .addSelect('SUM(CASE WHEN l.default_on >= :lFrom AND l.default_on <= :lTo THEN 1 ELSE 0 END)', 'defaults')
        .addSelect('SUM(CASE WHEN l.default_on >= :lFrom AND l.default_on <= :lTo THEN COALESCE(l.principal_loss, 0) ELSE 0 END)', 'loss')
        .groupBy('e.district_code')
        .setParameters({ lFrom: from, lTo: to })
        .getRawMany<{ district: string; disbursed: unknown; amount: unknown; active: unknown; defaults: unknown; loss: unknown }>(),
      this.scoped(actor, f)
        .innerJoin('loan_subsidy', 'ls', 'ls.enterprise_id = e.id AND ls.year = :sYear', { sYear: f.year })
        .select('e.district_code', 'district').addSelect('ls.kind', 'kind').addSelect('SUM(ls.amount)', 'amount')
        .groupBy('e.district_code').addGroupBy('ls.kind')
        .getRawMany<{ district: string; kind: string; amount: unknown }>(),
    ]);
    const rows = await this.districtRows(actor, f, [...loanRows, ...subsidyRows].map((r) => r.district), () => ({ ...zero }));
    const byCode = new Map(rows.map((r) => [r.district.code, r.row]));
    for (const r of loanRows) Object.assign(byCode.get(r.district)!, { disbursed: n(r.disbursed), amount: n(r.amount) / 100, active: n(r.active), defaults: n(r.defaults), principalLoss: n(r.loss) / 100 });
    for (const r of subsidyRows) {
      const row = byCode.get(r.district)!;
      if (r.kind === 'interest') row.interestSubsidies += n(r.amount) / 100;
      else if (r.kind === 'appraisal') row.appraisalSubsidies += n(r.amount) / 100;
    }
    const totals = { ...zero };
    for (const r of rows) for (const k of Object.keys(zero) as (keyof typeof zero)[]) totals[k] += r.row[k];
    return { available: true, year: f.year, byDistrict: rows.map((r) => ({ district: r.district, ...r.row })), totals };
  }

  /**
   * The two figures of the dashboard's KPI strip no section has (issue 18.6): live files in view
   * (every file, with or without a rung) and the IP-pledge loans being repaid now (post-loan
   * monitoring) with the principal lent — both one SQL aggregate.
   */
  stripCounts(actor: Actor, f: ReportFilters): Promise<StripCounts> {
    return this.cached('strip', actor, f, '', async () => {
      const files = await this.scoped(actor, f).select('COUNT(*)', 'n').getRawOne<{ n: unknown }>();
      const outstanding = { count: 0, amount: 0 };
      if (await this.hasTables('application', 'pledge_loan')) {
        const r = await this.scoped(actor, f)
          .innerJoin('application', 'a', "a.enterprise_id = e.id AND a.type = 'ip-pledge-loan' AND a.status = 'post-loan-monitoring'")
          .innerJoin('pledge_loan', 'l', 'l.application_id = a.id')
          .select('COUNT(*)', 'n').addSelect('SUM(COALESCE(l.disbursed_amount, l.loan_amount, 0))', 'amount')
          .getRawOne<{ n: unknown; amount: unknown }>();
        Object.assign(outstanding, { count: n(r?.n), amount: n(r?.amount) / 100 });
      }
      return { files: n(files?.n), loansOutstanding: outstanding };
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Forecast (the last completed run of the background job).

  /**
   * Likely new entrants next year: enterprises whose projected figures make them eligible for a
   * rung above the one they were recognised at when the run was made (enterprise.current_tier),
   * counted at the highest such rung, by district — from the run's totals (report_forecast_cell).
   */
  async forecast(actor: Actor, f: ReportFilters): Promise<ForecastReport> {
    const job = await this.lastForecastJob();
    const pending = await this.dataSource.getRepository(Job).findOne({ where: [{ kind: FORECAST_JOB, status: 'running' }, { kind: FORECAST_JOB, status: 'queued' }], order: { id: 'DESC' } });
    const running = pending ? { id: pending.id, status: pending.status, done: pending.progressDone, total: pending.progressTotal } : null;
    const rowsBase = await this.districtRows(actor, f, [], zeroCounts);
    const empty = { ...zeroCounts(), total: 0 };
    if (!job) {
      return { job: null, running, byDistrict: rowsBase.map((r) => ({ district: r.district, counts: r.row, total: 0 })), totals: empty, byRung: RUNGS.map((tier) => ({ tier, eligibleNow: 0, projected: 0, newEntrants: 0 })), evaluated: 0, insufficient: 0 };
    }
    const data = await this.cached('forecast', actor, f, String(job.id), async () => {
      // The run's totals (report_forecast_cell, a few hundred rows) under the filters and the scope.
      const rows = await this.area(this.dataSource.getRepository(ReportForecastCell).createQueryBuilder('c'), 'c', actor, f)
        .andWhere('c.job_id = :fcJob', { fcJob: job.id })
        .select('c.district_code', 'district').addSelect('c.projected_tier', 'projectedTier').addSelect('c.eligible_tier', 'eligibleTier')
        .addSelect(`CASE WHEN ${rankSql('c.projected_tier')} > ${rankSql('c.current_tier', true)} THEN 1 ELSE 0 END`, 'entrant')
        .addSelect('CASE WHEN c.projected THEN 1 ELSE 0 END', 'projected')
        .addSelect('SUM(c.n)', 'n')
        .groupBy('c.district_code').addGroupBy('c.projected_tier').addGroupBy('c.eligible_tier').addGroupBy('4').addGroupBy('5')
        .getRawMany<{ district: string; projectedTier: string | null; eligibleTier: string | null; entrant: unknown; projected: unknown; n: unknown }>();
      const rowsByDistrict = await this.districtRows(actor, f, rows.filter((r) => n(r.entrant)).map((r) => r.district), zeroCounts);
      const byCode = new Map(rowsByDistrict.map((r) => [r.district.code, r.row]));
      const totals = { ...zeroCounts(), total: 0 };
      const eligibleNow = zeroCounts();
      const projectedCounts = zeroCounts();
      let evaluated = 0;
      let insufficient = 0;
      const isRung = (t: string | null): t is Rung => t !== null && (RUNGS as readonly string[]).includes(t);
      for (const r of rows) {
        const count = n(r.n);
        evaluated += count;
        if (!n(r.projected)) insufficient += count;
        if (isRung(r.eligibleTier)) eligibleNow[r.eligibleTier] += count;
        if (isRung(r.projectedTier)) {
          projectedCounts[r.projectedTier] += count;
          if (n(r.entrant)) {
            byCode.get(r.district)![r.projectedTier] += count;
            totals[r.projectedTier] += count;
            totals.total += count;
          }
        }
      }
      return {
        byDistrict: rowsByDistrict.map((r) => ({ district: r.district, counts: r.row, total: RUNGS.reduce((sum, t) => sum + r.row[t], 0) })),
        totals,
        byRung: RUNGS.map((tier) => ({ tier, eligibleNow: eligibleNow[tier], projected: projectedCounts[tier], newEntrants: totals[tier] })),
        evaluated,
        insufficient,
      };
    });
    return { job: { id: job.id, finishedAt: job.finishedAt, summary: job.summary }, running, ...data };
  }
}

/** Re-exported for callers that imported it from here; the rule lives with the plan periods. */
export { targetFor } from '../plan-periods/plan-periods.js';

