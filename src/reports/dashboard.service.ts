import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { ExportTrail } from '../audit/export-trail.js';
import { SYSTEM_ACTOR, type Actor } from '../auth/actor.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { formatDateTime } from '../common/format.js';
import { translate } from '../i18n/i18n.js';
import { ReferenceService } from '../reference/reference.service.js';
import { DISTRICT_BLOCKS } from '../reference/district.entity.js';
import { tableView, type ReportSection } from './report-table.js';
import { RUNGS } from './report-sql.js';
import type { ExportSection, ReportExportQueryDto, ReportPageQueryDto, ReportQueryDto } from './reports.dto.js';
import { ReportsService, type ReportFilters } from './reports.service.js';
import { buildSections, sectionTables, type DashboardData } from './reports.view.js';
import { reportWorkbook } from './xlsx.js';
import type { ReportTable } from './report-table.js';
import { businessToday } from '../common/clock.js';
import { lookupTable } from '../common/own-key.js';
import { reportsCan, reportsOwnAreaOnly } from './reports.policy.js';
import { LadderReportsService } from './ladder-reports.service.js';
import { DataSource } from 'typeorm';
import { scopeOf } from '../auth/access-scope.js';
import { offersCan } from '../offers/offer.policy.js';
import { takeUp } from '../offers/take-up.js';
import { kpiStrip } from './kpi-strip.js';
import { takeUpSection } from './take-up-section.js';

/** Sections shown open on arrival; the rest start collapsed (issue 18.6: the page was one 9,400-px scroll). */
const OPEN_SECTIONS = 3;

const SECTION_OF_TABLE: Record<string, ExportSection> = lookupTable<Record<string, ExportSection>>({
  pipeline: 'pipeline', close: 'close', targets: 'targets', applications: 'applications', workload: 'workload',
  expiring: 'expiring', 'super-deduction': 'super-deduction', loans: 'loans', forecast: 'forecast', kpis: 'kpis',
  ladder: 'ladder', exposure: 'exposure',
});

/** The query string of the filters (for links that keep them). */
function filterQuery(f: ReportFilters): string {
  const p = new URLSearchParams();
  p.set('year', String(f.year));
  if (f.districtCode) p.set('districtCode', f.districtCode);
  if (f.block) p.set('block', f.block);
  if (f.zoneCode) p.set('zoneCode', f.zoneCode);
  return p.toString();
}

/**
 * Puts the reports together for the three faces: the dashboard page (and its print view), the JSON
 * API (api.md "Reports" plus one endpoint per section) and the XLSX export.
 */
@Injectable()
export class DashboardService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DashboardService.name);

  constructor(
    private readonly reports: ReportsService,
    private readonly reference: ReferenceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly ladderReports: LadderReportsService,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Outside tests (JOBS_ENABLED), a few seconds after start the city-wide dashboard of the year is
   * computed once in the background (figures and charts, in Chinese), so the first manager to open
   * it does not wait for twelve aggregations over the whole city and the charting library's warm-up.
   */
  onApplicationBootstrap(): void {
    if (!this.config.jobsEnabled) return;
    setTimeout(() => {
      const started = Date.now();
      this.page({ ...SYSTEM_ACTOR, role: 'manager', locale: 'zh-CN' }, {}, { print: false }).then(
        () => this.logger.log(`reports warmed up in ${Date.now() - started} ms`),
        (err: Error) => this.logger.warn(`reports warm-up failed: ${err.message}`),
      );
    }, 5_000).unref();
  }

  private async data(actor: Actor, f: ReportFilters, page = 1, pageSize = 25, ladderCode?: string): Promise<DashboardData> {
    const ladderDef = await this.ladderReports.ladderOf(ladderCode);
    const [ladder, exposure, choices] = await Promise.all([
      this.ladderReports.ladderReport(actor, f, ladderDef), this.ladderReports.exposure(actor, f), this.ladderReports.choices(actor.locale),
    ]);
    const query = filterQuery(f);
    const [districts, zones] = await Promise.all([this.reference.districts(), this.reference.zones()]);
    const names = new Map([...districts, ...zones].map((d) => [d.code, actor.locale === 'en' ? d.nameEn : d.nameZh]));
    const areaName = (code: string) => names.get(code) ?? code;
    return { ...(await this.baseData(actor, f, page, pageSize)), areaName, ladder, exposure, ladderChoices: choices.map((c) => ({ ...c, href: `/reports?${query}&ladder=${encodeURIComponent(c.code)}#ladder` })) };
  }

  private async baseData(actor: Actor, f: ReportFilters, page: number, pageSize: number): Promise<DashboardData> {
    const [pipeline, close, targets, applications, workload, expiring, superDeduction, loans, forecast] = await Promise.all([
      this.reports.pipeline(actor, f),
      this.reports.closeToNextRung(actor, f, page, pageSize),
      this.reports.targets(actor, f),
      this.reports.applications(actor, f),
      this.reports.workload(actor, f),
      this.reports.expiring(actor, f),
      this.reports.superDeduction(actor, f),
      this.reports.loans(actor, f),
      this.reports.forecast(actor, f),
    ]);
    const kpis = await this.reports.kpis(actor, f);
    return { filters: f, pipeline, close, targets, applications, workload, expiring, superDeduction, loans, forecast, kpis };
  }

  /** GET /api/v1/reports/pipeline (api.md): counts by tier and district, conversions, applications by status with ages, targets versus actuals. */
  async pipelineJson(actor: Actor, q: ReportQueryDto) {
    const f = await this.reports.filters(actor, q);
    const [pipeline, applications, targets] = await Promise.all([this.reports.pipeline(actor, f), this.reports.applications(actor, f), this.reports.targets(actor, f)]);
    return {
      year: f.year,
      filters: { districtCode: f.districtCode, block: f.block, zoneCode: f.zoneCode },
      tiers: RUNGS,
      countsByTierAndDistrict: pipeline.districts.map((d) => ({ districtCode: d.district.code, districtName: d.district.nameZh, block: d.district.block, counts: d.counts, total: d.total, files: d.files })),
      totalsByTier: pipeline.totals,
      conversions: pipeline.conversions,
      applicationsByStatus: {
        available: applications.available,
        items: applications.byStatus.map((r) => ({ type: r.type, status: r.status, count: r.count, overdue: r.overdue, medianDaysInStatus: r.medianDaysInStatus, oldestDays: r.oldestDays })),
      },
      targets: targets.metrics.map((m) => {
        const current = m.trend.find((p) => p.year === f.year)!;
        return { metric: m.metric, year: f.year, districtCode: targets.targetDistrict || null, comparable: targets.targetDistrict !== null, actual: current.actual, target: current.target, targetKind: current.targetKind, trend: m.trend };
      }),
    };
  }

  async section(actor: Actor, q: ReportPageQueryDto, section: ExportSection) {
    const f = await this.reports.filters(actor, q);
    const base = { year: f.year, filters: { districtCode: f.districtCode, block: f.block, zoneCode: f.zoneCode } };
    switch (section) {
      case 'pipeline': return { ...base, ...(await this.reports.pipeline(actor, f)) };
      case 'close': return { ...base, ...(await this.reports.closeToNextRung(actor, f, q.page ?? 1, q.pageSize ?? 25)) };
      case 'targets': return { ...base, ...(await this.reports.targets(actor, f)) };
      case 'applications': return { ...base, ...(await this.reports.applications(actor, f)) };
      case 'workload': return { ...base, ...(await this.reports.workload(actor, f)) };
      case 'expiring': return { ...base, ...(await this.reports.expiring(actor, f)) };
      case 'super-deduction': return { ...base, ...(await this.reports.superDeduction(actor, f)) };
      case 'loans': return { ...base, ...(await this.reports.loans(actor, f)) };
      case 'forecast': return { ...base, ...(await this.reports.forecast(actor, f)) };
      case 'kpis': return { ...base, ...(await this.reports.kpis(actor, f)) };
      case 'ladder': return { ...base, ...(await this.ladderReports.ladderReport(actor, f, await this.ladderReports.ladderOf(q.ladder))) };
      case 'exposure': return { ...base, ...(await this.ladderReports.exposure(actor, f)) };
    }
  }

  /** The dashboard page's view model (also the print view). */
  async page(actor: Actor, q: ReportPageQueryDto, opts: { print: boolean }) {
    const f = await this.reports.filters(actor, q);
    const data = await this.data(actor, f, q.page ?? 1, q.pageSize ?? 25, q.ladder);
    const query = filterQuery(f);
    const sections = buildSections(actor.locale, data, {
      canRunForecast: reportsCan(actor, 'runForecast'),
      canEditTargets: reportsCan(actor, 'editTargets'),
      pageHref: `/reports?${query}&`,
      print: opts.print,
    });
    // The take-up of offers, for those who may read it (the full page answers 403 to anyone else).
    if (offersCan(actor, 'takeUp')) {
      const rows = await takeUp(this.dataSource, scopeOf(actor), f.year, f.districtCode ?? undefined);
      const fullHref = opts.print ? null : `/reports/take-up?year=${f.year}${f.districtCode ? `&districtCode=${f.districtCode}` : ''}`;
      sections.push(takeUpSection(actor.locale, f.year, rows, fullHref));
    }
    const strip = kpiStrip(actor.locale, { ...data, year: f.year, counts: await this.reports.stripCounts(actor, f) });
    const districts = await this.reports.visibleDistricts(actor, { ...f, districtCode: null, block: null, zoneCode: null });
    const zones = (await this.reference.zones()).filter((z) => districts.some((d) => d.code === z.districtCode));
    const current = this.reports.currentYear();
    return {
      title: translate(actor.locale, 'reports.title'),
      print: opts.print,
      filters: f,
      years: Array.from({ length: 8 }, (_, i) => current + 1 - i),
      districts,
      blocks: DISTRICT_BLOCKS,
      zones,
      filterSummary: await this.filterSummary(actor, f),
      generatedAt: formatDateTime(new Date()),
      exportHref: `/reports/export.xlsx?${query}`,
      printHref: `/reports/print?${query}`,
      strip,
      sections: sections.map((s, i) => ({ ...this.sectionView(actor, s), open: opts.print || i < OPEN_SECTIONS })),
      toc: sections.map((s) => ({ id: s.id, title: s.title })),
    };
  }

  private sectionView(actor: Actor, s: ReportSection) {
    return {
      ...s,
      blocks: s.blocks.map((b) => ({
        chart: b.chart && !b.chart.empty ? { src: b.chart.src, alt: b.chart.alt, width: b.chart.width, height: b.chart.height } : null,
        // A chart with nothing to draw is a sentence, not empty axes (issue 18.6).
        chartEmpty: b.chart?.empty ? translate(actor.locale, 'reports.chartEmpty') : null,
        table: tableView(b.table, actor.locale),
      })),
    };
  }

  private async filterSummary(actor: Actor, f: ReportFilters): Promise<string> {
    const t = (k: string, p: Record<string, unknown> = {}) => translate(actor.locale, k, p);
    const parts = [t('reports.filter.yearIs', { year: f.year })];
    if (f.districtCode) {
      const d = await this.reference.district(f.districtCode);
      parts.push(d ? (actor.locale === 'en' ? d.nameEn : d.nameZh) : f.districtCode);
    }
    if (f.block) parts.push(t(`district.block.${f.block}`));
    if (f.zoneCode) {
      const z = await this.reference.zone(f.zoneCode);
      parts.push(z ? (actor.locale === 'en' ? z.nameEn : z.nameZh) : f.zoneCode);
    }
    if (reportsOwnAreaOnly(actor)) parts.push(t('reports.filter.ownArea'));
    return parts.join(' · ');
  }

  /** Tables other modules add to the full export (offers: the take-up sheet, issue 15). */
  private readonly exportTables: ((actor: Actor, year: number, districtCode: string | null) => Promise<ReportTable[]>)[] = [];

  addExportTables(build: (actor: Actor, year: number, districtCode: string | null) => Promise<ReportTable[]>): void {
    this.exportTables.push(build);
  }

  /** Every report (or one) as an XLSX workbook, one sheet per table. */
  /** The workbook with its export audited: started now, aborted if building fails; the caller settles it with the response. */
  async auditedWorkbook(actor: Actor, q: ReportExportQueryDto): Promise<{ buffer: Buffer; fileName: string; trail: ExportTrail }> {
    // Bad filters are refused (4xx) before anything is recorded.
    const f = await this.reports.filters(actor, q);
    await this.ladderReports.ladderOf(q.ladder); // an unknown ladder is refused before the export is audited
    const trail = await ExportTrail.start(this.audit, actor, { entity: 'report', format: 'xlsx', filters: { ...q } });
    try {
      return { ...(await this.workbook(actor, q, f)), trail };
    } catch (err) {
      await trail.aborted(err);
      throw err;
    }
  }

  async workbook(actor: Actor, q: ReportExportQueryDto, filters?: ReportFilters): Promise<{ buffer: Buffer; fileName: string }> {
    const f = filters ?? (await this.reports.filters(actor, q));
    // The export lists the first 1,000 enterprises close to the next rung (the page shows 25 at a time).
    const data = await this.data(actor, f, 1, 1000, q.ladder);
    let sections = buildSections(actor.locale, data, { canRunForecast: false, canEditTargets: false, pageHref: '', print: true });
    if (q.section) sections = sections.filter((s) => SECTION_OF_TABLE[s.id] === q.section);
    const extra = q.section ? [] : (await Promise.all(this.exportTables.map((build) => build(actor, f.year, f.districtCode)))).flat();
    const buffer = await reportWorkbook([...sectionTables(sections), ...extra], actor.locale, {
      title: translate(actor.locale, 'reports.title'),
      filters: await this.filterSummary(actor, f),
      generatedAt: formatDateTime(new Date()),
    });
    const stamp = businessToday();
    return { buffer, fileName: `${translate(actor.locale, 'reports.xlsx.fileName')}-${f.year}${q.section ? `-${q.section}` : ''}-${stamp}.xlsx` };
  }
}
