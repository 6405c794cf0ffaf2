import { formatDate } from '../common/format.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { barChart, funnelChart, lineChart, TIER_COLOURS } from './charts.js';
import type { ReportSection, ReportTable } from './report-table.js';
import { RUNGS } from './report-sql.js';
import type {
  ApplicationsReport, CloseItem, DistrictRef, ExpiringReport, ForecastReport, LoansReport, PipelineReport, ReportFilters, SuperDeductionReport, TargetsReport, WorkloadReport,
} from './reports.service.js';
import { FORECAST_ASSUMPTIONS } from './projection.js';
/** The funnel's base (every file, rung or not): a neutral grey under the rung colours. */
const BASE_COLOUR = '#9aa5b1';
import type { KpiReport } from '../kpis/kpi-report.js';
import { kpiSection } from '../kpis/kpi-report.view.js';
import type { ExposureReport, LadderReport } from './ladder-reports.service.js';
import { ladderSections } from './ladder-sections.js';
import { referenceOf } from '../applications/application.mapper.js';
import type { ApplicationType } from '../applications/workflow/workflows.js';

export interface DashboardData {
  filters: ReportFilters;
  pipeline: PipelineReport;
  close: { items: CloseItem[]; total: number; page: number; pageSize: number; maxGap: number; forecastJobId: number | null };
  targets: TargetsReport;
  applications: ApplicationsReport;
  workload: WorkloadReport;
  expiring: ExpiringReport;
  superDeduction: SuperDeductionReport;
  loans: LoansReport;
  forecast: ForecastReport;
  /** Transformation KPIs (src/kpis); absent in callers that build sections without them. */
  kpis?: KpiReport;
  /** The selected ladder's rungs by district (rules.md §7) and the risk fund's exposure (§5.4). */
  ladder?: LadderReport;
  exposure?: ExposureReport;
  ladderChoices?: { code: string; name: string; href: string }[];
  /** District and zone codes as names in the page's language (absent: the code is shown). */
  areaName?: (code: string) => string;
}

export interface DashboardOptions {
  canRunForecast: boolean;
  canEditTargets: boolean;
  /** The dashboard URL with the filters, ready for `page=` (for the close-to-next-rung pages). */
  pageHref: string;
  /** The print view shows no forms or buttons. */
  print?: boolean;
}

/** A label from the catalogue, or the raw code when the catalogue has none (e.g. a new status). */
function label(locale: Locale, key: string, fallback: string): string {
  const text = translate(locale, key);
  return text === key ? fallback : text;
}

const districtName = (d: DistrictRef, locale: Locale) => (locale === 'en' ? d.nameEn : d.nameZh);
const tierName = (locale: Locale, tier: string | null) => (tier ? label(locale, `tier.${tier}`, tier) : translate(locale, 'tier.none'));
// The applications module's labels when it has them, the report's own otherwise.
const typeName = (locale: Locale, type: string) => label(locale, `appType.${type}`, label(locale, `reports.appType.${type}`, type));
const statusName = (locale: Locale, status: string) => label(locale, `status.${status}`, label(locale, `reports.appStatus.${status}`, status));
const alt = (locale: Locale, title: string) => translate(locale, 'reports.chartAlt', { title });

/**
 * The dashboard's view model: for each report, its tables (raw values) and a server-rendered chart
 * built from exactly the same rows, in the page's language. The XLSX export uses the same tables.
 */
export function buildSections(locale: Locale, data: DashboardData, opts: DashboardOptions): ReportSection[] {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  const year = data.filters.year;
  const sections: ReportSection[] = [];
  const area = (code: string | null) => (code ? (data.areaName ? data.areaName(code) : code) : null);

  // 1. Pipeline: heat table, funnel, conversions.
  {
    const p = data.pipeline;
    const heat: ReportTable = {
      id: 'pipeline-heat', title: t('reports.pipeline.heatTitle', { year }), heat: true,
      columns: [{ label: t('reports.col.district'), kind: 'text' }, ...RUNGS.map((r) => ({ label: tierName(locale, r), kind: 'int' as const })), { label: t('reports.col.total'), kind: 'int' }, { label: t('reports.col.allFiles'), kind: 'int' }],
      rows: [
        ...p.districts.map((d) => ({ cells: [districtName(d.district, locale), ...RUNGS.map((r) => d.counts[r]), d.total, d.files] })),
        { cells: [t('reports.col.total'), ...RUNGS.map((r) => p.totals[r]), p.totals.total, p.totals.files], total: true },
      ],
    };
    const heatChart = barChart(
      p.districts.map((d) => districtName(d.district, locale)),
      RUNGS.map((r) => ({ name: tierName(locale, r), data: p.districts.map((d) => d.counts[r]), colour: TIER_COLOURS[r], stack: 'rungs' })),
      { alt: alt(locale, heat.title), horizontal: true },
    );
    const funnel: ReportTable = {
      id: 'pipeline-funnel', title: t('reports.pipeline.funnelTitle', { year }),
      columns: [{ label: t('reports.col.rung'), kind: 'text' }, { label: t('reports.col.enterprises'), kind: 'int' }, { label: t('reports.col.conversionIn', { from: year - 1, to: year }), kind: 'percent' }],
      // The base row: every file in view, rung or not (issue 18.8).
      rows: [
        { cells: [t('reports.pipeline.base'), p.totals.files, null] },
        ...RUNGS.map((r, i) => {
          const c = i > 0 ? p.conversions.find((x) => x.toYear === year && x.toTier === r) : undefined;
          return { cells: [tierName(locale, r), p.totals[r], c ? c.rate : null] };
        }),
      ],
    };
    // A year without a single rung is a sentence, not a funnel of one bar (the base alone says nothing).
    const anyRung = RUNGS.some((r) => p.totals[r] > 0);
    const funnelImg = funnelChart(anyRung ? [
      { name: t('reports.pipeline.base'), value: p.totals.files, colour: BASE_COLOUR },
      ...RUNGS.map((r) => ({ name: tierName(locale, r), value: p.totals[r], colour: TIER_COLOURS[r] })),
    ] : [], { alt: alt(locale, funnel.title), height: 300 });
    const conv: ReportTable = {
      id: 'pipeline-conversions', title: t('reports.pipeline.conversionsTitle'),
      columns: [
        { label: t('reports.col.years'), kind: 'text' }, { label: t('reports.col.fromRung'), kind: 'text' }, { label: t('reports.col.toRung'), kind: 'text' },
        { label: t('reports.col.base'), kind: 'int' }, { label: t('reports.col.converted'), kind: 'int' }, { label: t('reports.col.rate'), kind: 'percent' },
      ],
      rows: p.conversions.map((c) => ({ cells: [`${c.fromYear}→${c.toYear}`, tierName(locale, c.fromTier), t('reports.orAbove', { tier: tierName(locale, c.toTier) }), c.base, c.converted, c.rate] })),
    };
    const pairs = [...new Set(p.conversions.map((c) => `${c.fromYear}→${c.toYear}`))];
    const convImg = lineChart(
      pairs,
      RUNGS.slice(0, -1).map((r, i) => ({
        name: `${tierName(locale, r)} → ${tierName(locale, RUNGS[i + 1]!)}`,
        data: pairs.map((pair) => p.conversions.find((c) => `${c.fromYear}→${c.toYear}` === pair && c.fromTier === r)?.rate ?? null),
        colour: TIER_COLOURS[RUNGS[i + 1]!],
      })),
      { alt: alt(locale, conv.title), percent: true },
    );
    sections.push({
      id: 'pipeline', title: t('reports.pipeline.title'), intro: t('reports.pipeline.intro', { year }),
      blocks: [{ chart: heatChart, table: heat }, { chart: funnelImg, table: funnel }, { chart: convImg, table: conv }],
    });
  }

  // 2. Close to the next rung.
  {
    const c = data.close;
    const offset = (c.page - 1) * c.pageSize;
    const table: ReportTable = {
      id: 'close', title: t('reports.close.tableTitle'),
      columns: [
        { label: t('reports.col.rank'), kind: 'int' }, { label: t('reports.col.enterprise'), kind: 'text' }, { label: t('reports.col.district'), kind: 'text' },
        { label: t('reports.col.currentTier'), kind: 'text' }, { label: t('reports.col.nextRung'), kind: 'text' }, { label: t('reports.col.gapCount'), kind: 'int' },
        { label: t('reports.col.gapCodes'), kind: 'text' }, { label: t('reports.col.shortfall'), kind: 'wan' }, { label: t('reports.col.evaluatedOn'), kind: 'date' },
      ],
      rows: c.items.map((item, i) => ({
        cells: [offset + i + 1, item.name, area(item.districtCode), tierName(locale, item.currentTier), tierName(locale, item.nextTier), item.gapCount, item.gapCodes.join(', '), item.shortfall, item.asOf],
        links: { 1: `/enterprises/${item.enterpriseId}` },
      })),
    };
    const pages = Math.max(1, Math.ceil(c.total / c.pageSize));
    sections.push({
      id: 'close', title: t('reports.close.title'), intro: t('reports.close.intro', { maxGap: c.maxGap }),
      notes: [t('reports.close.ranking'), c.forecastJobId ? t('reports.close.shortfallFrom', { job: c.forecastJobId }) : t('reports.close.noShortfall')],
      blocks: [{ table }],
      pagination: opts.print ? undefined : { total: c.total, page: c.page, pages, prevPage: c.page > 1 ? c.page - 1 : null, nextPage: c.page < pages ? c.page + 1 : null, pageHref: opts.pageHref },
    });
  }

  // 3. Targets versus actuals.
  {
    const tr = data.targets;
    const planName = new Map((tr.plans ?? []).map((p) => [p.code, locale === 'en' ? p.nameEn : p.nameZh]));
    // "set (14th Five-Year Plan)", "not yet entered (15th Five-Year Plan)": the period a year is measured against.
    const targetKindLabel = (kind: string | null, plan: string | null): string | null => {
      if (!kind) return null;
      const label = t(`reports.targetKind.${kind}`);
      return plan && planName.has(plan) ? `${label}（${planName.get(plan)}）` : label;
    };
    const blocks = tr.metrics.map((m) => {
      const title = t(`reports.targets.${m.metric}Title`);
      const table: ReportTable = {
        id: `targets-${m.metric}`, title,
        columns: [
          { label: t('reports.col.year'), kind: 'text' }, { label: t('reports.col.countDate'), kind: 'date' }, { label: t('reports.col.actual'), kind: 'int' },
          { label: t('reports.col.target'), kind: 'int' }, { label: t('reports.col.targetKind'), kind: 'text' }, { label: t('reports.col.achieved'), kind: 'percent' },
        ],
        rows: m.trend.map((p) => ({ cells: [String(p.year), p.date, p.actual, p.target, targetKindLabel(p.targetKind, p.planPeriod), p.target ? p.actual / p.target : null] })),
      };
      const chart = lineChart(m.trend.map((p) => String(p.year)), [
        { name: t('reports.col.actual'), data: m.trend.map((p) => p.actual), colour: '#206bc4' },
        { name: t('reports.col.target'), data: m.trend.map((p) => p.target), colour: '#d63939', dashed: true },
      ], { alt: alt(locale, title) });
      return { chart, table };
    });
    sections.push({
      id: 'targets', title: t('reports.targets.title'), intro: t('reports.targets.intro'),
      notes: [
        tr.targetDistrict === null ? t('reports.targets.noComparable') : tr.targetDistrict === '' ? t('reports.targets.city') : t('reports.targets.district', { district: area(tr.targetDistrict) }),
        ...(tr.plans ?? []).map((p) => t('reports.targets.planNote', { plan: planName.get(p.code) ?? p.code, from: p.firstYear, to: p.lastYear, document: p.document ?? t('reports.targetKind.not-entered') })),
      ],
      blocks,
      links: opts.canEditTargets && !opts.print ? [{ href: '/reports/targets', label: t('reports.targets.edit') }] : undefined,
    });
  }

  // 4. Applications by type and status.
  {
    const a = data.applications;
    if (!a.available) {
      sections.push({ id: 'applications', title: t('reports.applications.title'), unavailable: t('reports.applications.unavailable'), blocks: [] });
    } else {
      const byType: ReportTable = {
        id: 'applications-type', title: t('reports.applications.byTypeTitle', { year }),
        columns: [{ label: t('reports.col.type'), kind: 'text' }, { label: t('reports.col.total'), kind: 'int' }, { label: t('reports.col.open'), kind: 'int' }, { label: t('reports.col.overdue'), kind: 'int' }],
        rows: a.byType.map((r) => ({ cells: [typeName(locale, r.type), r.total, r.open, r.overdue] })),
      };
      const typeChart = barChart(a.byType.map((r) => typeName(locale, r.type)), [
        { name: t('reports.col.onTime'), data: a.byType.map((r) => r.open - r.overdue), stack: 'open', colour: '#206bc4' },
        { name: t('reports.col.overdue'), data: a.byType.map((r) => r.overdue), stack: 'open', colour: '#d63939' },
        { name: t('reports.col.closed'), data: a.byType.map((r) => r.total - r.open), stack: 'open', colour: '#adb5bd' },
      ], { alt: alt(locale, byType.title) });
      const byStatus: ReportTable = {
        id: 'applications-status', title: t('reports.applications.byStatusTitle', { year }),
        columns: [
          { label: t('reports.col.type'), kind: 'text' }, { label: t('reports.col.status'), kind: 'text' }, { label: t('reports.col.count'), kind: 'int' },
          { label: t('reports.col.medianDays'), kind: 'days' }, { label: t('reports.col.oldestDays'), kind: 'days' }, { label: t('reports.col.overdue'), kind: 'int' },
        ],
        rows: a.byStatus.map((r) => ({ cells: [typeName(locale, r.type), statusName(locale, r.status), r.count, r.medianDaysInStatus, r.oldestDays, r.overdue] })),
      };
      const open = a.byStatus.filter((r) => r.medianDaysInStatus !== null);
      const medianChart = barChart(open.map((r) => `${typeName(locale, r.type)} · ${statusName(locale, r.status)}`), [
        { name: t('reports.col.medianDays'), data: open.map((r) => r.medianDaysInStatus ?? 0), colour: '#f59f00' },
      ], { alt: alt(locale, byStatus.title), horizontal: true, width: 640 });
      const overdue: ReportTable = {
        id: 'applications-overdue', title: t('reports.applications.overdueTitle'),
        columns: [
          { label: t('reports.col.application'), kind: 'text' }, { label: t('reports.col.enterprise'), kind: 'text' }, { label: t('reports.col.type'), kind: 'text' },
          { label: t('reports.col.status'), kind: 'text' }, { label: t('reports.col.dueOn'), kind: 'date' }, { label: t('reports.col.daysOverdue'), kind: 'int' },
        ],
        rows: a.overdue.map((r) => ({ cells: [referenceOf({ id: r.id, type: r.type as ApplicationType, year }), r.enterpriseName, typeName(locale, r.type), statusName(locale, r.status), r.dueOn, r.daysOverdue], links: { 0: `/applications/${r.id}`, 1: `/enterprises/${r.enterpriseId}` } })),
      };
      sections.push({
        id: 'applications', title: t('reports.applications.title'), intro: t('reports.applications.intro', { year }),
        blocks: [{ chart: typeChart, table: byType }, { chart: medianChart, table: byStatus }, { table: overdue }],
      });
    }
  }

  // 5. Officer workload.
  {
    const w = data.workload;
    const table: ReportTable = {
      id: 'workload', title: t('reports.workload.tableTitle'),
      columns: [
        { label: t('reports.col.officer'), kind: 'text' }, { label: t('reports.col.district'), kind: 'text' }, { label: t('reports.col.files'), kind: 'int' },
        { label: t('reports.col.openTasks'), kind: 'int' }, { label: t('reports.col.overdueTasks'), kind: 'int' }, { label: t('reports.col.visits90', { days: w.visitDays }), kind: 'int' },
      ],
      rows: w.officers.map((o) => ({ cells: [o.name, o.zoneCode ? `${area(o.districtCode) ?? ''} ${area(o.zoneCode)}`.trim() : area(o.districtCode), o.files, o.openTasks, o.overdueTasks, o.visits] })),
    };
    const chart = barChart(w.officers.map((o) => o.name), [
      { name: t('reports.col.openTasks'), data: w.officers.map((o) => o.openTasks), colour: '#206bc4' },
      { name: t('reports.col.overdueTasks'), data: w.officers.map((o) => o.overdueTasks), colour: '#d63939' },
      { name: t('reports.col.visits90', { days: w.visitDays }), data: w.officers.map((o) => o.visits), colour: '#2fb344' },
    ], { alt: alt(locale, table.title), horizontal: true });
    sections.push({
      id: 'workload', title: t('reports.workload.title'), intro: t('reports.workload.intro', { since: w.visitsSince, today: w.today, days: w.visitDays }),
      notes: [t('reports.workload.unassigned', { n: w.unassignedFiles })],
      blocks: [{ chart, table }],
    });
  }

  // 6. Certificates expiring.
  {
    const x = data.expiring;
    const byMonth: ReportTable = {
      id: 'expiring-month', title: t('reports.expiring.byMonthTitle'),
      columns: [{ label: t('reports.col.month'), kind: 'text' }, { label: t('reports.col.hnteCerts'), kind: 'int' }, { label: t('reports.col.recognitions'), kind: 'int' }],
      rows: x.byMonth.map((m) => ({ cells: [m.month, m.hnte, m.recognitions] })),
    };
    const chart = barChart(x.byMonth.map((m) => m.month), [
      { name: t('reports.col.hnteCerts'), data: x.byMonth.map((m) => m.hnte), stack: 'x', colour: '#d63939' },
      { name: t('reports.col.recognitions'), data: x.byMonth.map((m) => m.recognitions), stack: 'x', colour: '#f59f00' },
    ], { alt: alt(locale, byMonth.title) });
    const byDistrict: ReportTable = {
      id: 'expiring-district', title: t('reports.expiring.byDistrictTitle'),
      columns: [
        { label: t('reports.col.district'), kind: 'text' }, { label: t('reports.col.hnte6'), kind: 'int' }, { label: t('reports.col.hnte12'), kind: 'int' },
        { label: t('reports.col.recognitions6'), kind: 'int' }, { label: t('reports.col.recognitions12'), kind: 'int' },
      ],
      rows: [
        ...x.byDistrict.map((d) => ({ cells: [districtName(d.district, locale), d.hnte6, d.hnte12, d.recognitions6, d.recognitions12] })),
        { cells: [t('reports.col.total'), sum(x.byDistrict, 'hnte6'), sum(x.byDistrict, 'hnte12'), sum(x.byDistrict, 'recognitions6'), sum(x.byDistrict, 'recognitions12')], total: true },
      ],
    };
    const districtChart = barChart(x.byDistrict.map((d) => districtName(d.district, locale)), [
      { name: t('reports.col.hnte12'), data: x.byDistrict.map((d) => d.hnte12), colour: '#d63939' },
      { name: t('reports.col.recognitions12'), data: x.byDistrict.map((d) => d.recognitions12), colour: '#f59f00' },
    ], { alt: alt(locale, byDistrict.title), horizontal: true });
    sections.push({
      id: 'expiring', title: t('reports.expiring.title'), intro: t('reports.expiring.intro', { today: x.today, until6: x.until6, until12: x.until12 }),
      blocks: [{ chart, table: byMonth }, { chart: districtChart, table: byDistrict }],
      links: opts.print ? undefined : [{ href: '/radar?months=12', label: t('reports.expiring.radar') }],
    });
  }

  // 7. Super-deduction and tax saving.
  {
    const s = data.superDeduction;
    const table: ReportTable = {
      id: 'super-deduction', title: t('reports.sd.tableTitle'),
      columns: [
        { label: t('reports.col.district'), kind: 'text' }, { label: t('reports.col.evaluated'), kind: 'int' }, { label: t('reports.col.sdEligible'), kind: 'int' },
        { label: t('reports.col.extraDeduction'), kind: 'wan' }, { label: t('reports.col.taxSaving'), kind: 'wan' },
      ],
      rows: [
        ...s.byDistrict.map((d) => ({ cells: [districtName(d.district, locale), d.evaluated, d.eligible, d.extraDeduction, d.taxSaving] })),
        { cells: [t('reports.col.total'), s.totals.evaluated, s.totals.eligible, s.totals.extraDeduction, s.totals.taxSaving], total: true },
      ],
    };
    const chart = barChart(s.byDistrict.map((d) => districtName(d.district, locale)), [
      { name: t('reports.col.extraDeduction'), data: s.byDistrict.map((d) => Math.round(d.extraDeduction / 100) / 100), colour: '#206bc4' },
      { name: t('reports.col.taxSaving'), data: s.byDistrict.map((d) => Math.round(d.taxSaving / 100) / 100), colour: '#2fb344' },
    ], { alt: alt(locale, table.title), horizontal: true, valueName: t('reports.unit.wan') });
    sections.push({
      id: 'super-deduction', title: t('reports.sd.title'),
      intro: s.asOfFrom ? t('reports.sd.intro', { from: s.asOfFrom, to: s.asOfTo }) : t('reports.sd.none'),
      blocks: [{ chart, table }],
    });
  }

  // 8. IP-pledge loans.
  {
    const l = data.loans;
    if (!l.available) {
      sections.push({ id: 'loans', title: t('reports.loans.title'), unavailable: t('reports.loans.unavailable'), blocks: [] });
    } else {
      const table: ReportTable = {
        id: 'loans', title: t('reports.loans.tableTitle', { year }),
        columns: [
          { label: t('reports.col.district'), kind: 'text' }, { label: t('reports.col.loansDisbursed'), kind: 'int' }, { label: t('reports.col.loanAmount'), kind: 'wan' },
          { label: t('reports.col.loansActive'), kind: 'int' }, { label: t('reports.col.defaults'), kind: 'int' }, { label: t('reports.col.principalLoss'), kind: 'wan' },
          { label: t('reports.col.interestSubsidies'), kind: 'wan' }, { label: t('reports.col.appraisalSubsidies'), kind: 'wan' },
        ],
        rows: [
          ...l.byDistrict.map((d) => ({ cells: [districtName(d.district, locale), d.disbursed, d.amount, d.active, d.defaults, d.principalLoss, d.interestSubsidies, d.appraisalSubsidies] })),
          { cells: [t('reports.col.total'), l.totals.disbursed, l.totals.amount, l.totals.active, l.totals.defaults, l.totals.principalLoss, l.totals.interestSubsidies, l.totals.appraisalSubsidies], total: true },
        ],
      };
      const chart = barChart(l.byDistrict.map((d) => districtName(d.district, locale)), [
        { name: t('reports.col.loanAmount'), data: l.byDistrict.map((d) => Math.round(d.amount / 100) / 100), colour: '#206bc4' },
        { name: t('reports.col.subsidies'), data: l.byDistrict.map((d) => Math.round((d.interestSubsidies + d.appraisalSubsidies) / 100) / 100), colour: '#2fb344' },
      ], { alt: alt(locale, table.title), horizontal: true, valueName: t('reports.unit.wan') });
      sections.push({ id: 'loans', title: t('reports.loans.title'), intro: t('reports.loans.intro', { year }), blocks: [{ chart, table }] });
    }
  }

  // 9. Forecast.
  {
    const fc = data.forecast;
    const summary = fc.job?.summary as { asOf?: string; projectedAsOf?: string; projectedYear?: number; seconds?: number } | null | undefined;
    const byDistrict: ReportTable = {
      id: 'forecast-district', title: t('reports.forecast.byDistrictTitle', { year: summary?.projectedAsOf?.slice(0, 4) ?? year + 1 }), heat: true,
      columns: [{ label: t('reports.col.district'), kind: 'text' }, ...RUNGS.map((r) => ({ label: tierName(locale, r), kind: 'int' as const })), { label: t('reports.col.total'), kind: 'int' }],
      rows: [
        ...fc.byDistrict.map((d) => ({ cells: [districtName(d.district, locale), ...RUNGS.map((r) => d.counts[r]), d.total] })),
        { cells: [t('reports.col.total'), ...RUNGS.map((r) => fc.totals[r]), fc.totals.total], total: true },
      ],
    };
    const chart = barChart(fc.byDistrict.map((d) => districtName(d.district, locale)),
      RUNGS.map((r) => ({ name: tierName(locale, r), data: fc.byDistrict.map((d) => d.counts[r]), colour: TIER_COLOURS[r], stack: 'rungs' })),
      { alt: alt(locale, byDistrict.title), horizontal: true });
    const byRung: ReportTable = {
      id: 'forecast-rung', title: t('reports.forecast.byRungTitle'),
      columns: [{ label: t('reports.col.rung'), kind: 'text' }, { label: t('reports.col.eligibleNow'), kind: 'int' }, { label: t('reports.col.eligibleNext'), kind: 'int' }, { label: t('reports.col.newEntrants'), kind: 'int' }],
      rows: fc.byRung.map((r) => ({ cells: [tierName(locale, r.tier), r.eligibleNow, r.projected, r.newEntrants] })),
    };
    const rungChart = barChart(fc.byRung.map((r) => tierName(locale, r.tier)), [
      { name: t('reports.col.eligibleNow'), data: fc.byRung.map((r) => r.eligibleNow), colour: '#adb5bd' },
      { name: t('reports.col.eligibleNext'), data: fc.byRung.map((r) => r.projected), colour: '#206bc4' },
      { name: t('reports.col.newEntrants'), data: fc.byRung.map((r) => r.newEntrants), colour: '#2fb344' },
    ], { alt: alt(locale, byRung.title) });
    const a = FORECAST_ASSUMPTIONS;
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    const notes = [
      fc.job
        ? t('reports.forecast.lastRun', { id: fc.job.id, at: formatDate(fc.job.finishedAt), asOf: summary?.asOf ?? '—', projectedAsOf: summary?.projectedAsOf ?? '—', evaluated: fc.evaluated, insufficient: fc.insufficient })
        : t('reports.forecast.none'),
      t('reports.forecast.assumption.growth', { years: a.years, min: pct(a.growthMin), max: pct(a.growthMax) }),
      t('reports.forecast.assumption.rd'),
      t('reports.forecast.assumption.staff', { min: pct(a.staffGrowthMin), max: pct(a.staffGrowthMax) }),
      t('reports.forecast.assumption.assets'),
      t('reports.forecast.assumption.other'),
      t('reports.forecast.assumption.entrants'),
    ];
    if (fc.running) notes.push(t('reports.forecast.running', { id: fc.running.id, done: fc.running.done, total: fc.running.total }));
    sections.push({
      id: 'forecast', title: t('reports.forecast.title'), intro: t('reports.forecast.intro'), notes,
      blocks: fc.job ? [{ chart, table: byDistrict }, { chart: rungChart, table: byRung }] : [],
      action: opts.canRunForecast && !opts.print && !fc.running ? { href: '/reports/forecast', label: t('reports.forecast.run') } : undefined,
    });
  }

  // 10. Transformation KPIs (亩均效益).
  if (data.kpis) sections.push(kpiSection(locale, data.kpis, (code) => {
    const d = data.pipeline.districts.find((x) => x.district.code === code)?.district;
    return d ? districtName(d, locale) : code;
  }));
  sections.push(...ladderSections(locale, data.ladder, data.exposure, data.ladderChoices ?? []));
  return sections;
}

function sum<T>(rows: T[], key: keyof T): number {
  return rows.reduce((s, r) => s + Number(r[key] ?? 0), 0);
}

/** Every table of the given sections, in order (the XLSX export writes one sheet each). */
export function sectionTables(sections: ReportSection[]): ReportTable[] {
  return sections.flatMap((s) => s.blocks.map((b) => b.table));
}
