import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { barChart } from '../reports/charts.js';
import type { ReportColumn, ReportSection, ReportTable } from '../reports/report-table.js';
import { GRADES } from './kpi-grading.js';
import type { KpiArea, KpiReport, TargetCheck } from './kpi-report.js';

/** Grade colours as the badges on the file (A green … D red, not graded grey). */
export const GRADE_COLOURS: Record<string, string> = { A: '#2fb344', B: '#206bc4', C: '#f59f00', D: '#d63939', 'not-graded': '#adb5bd' };

const pctText = (share: number) => `${share > 0 ? '+' : share < 0 ? '−' : ''}${Math.abs(Math.round(share * 1000) / 10)}%`;
const round = (v: number | null, digits: number) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/**
 * The dashboard's KPI section (and its XLSX sheets): grades per district as a stacked bar chart
 * beside the table, then the same measures per industry section. Each measure stands beside its
 * change from the baseline year and whether that meets the city target. No data → a sentence.
 */
export function kpiSection(locale: Locale, r: KpiReport, districtName: (code: string) => string): ReportSection {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  const met = (c: TargetCheck) => (c.met === null ? t('kpi.dash.noBaseline') : c.met ? t('kpi.dash.met') : t('kpi.dash.notMet'));
  const columns = (first: string): ReportColumn[] => [
    { label: first, kind: 'text' }, { label: t('kpi.dash.graded'), kind: 'int' },
    ...GRADES.map((g) => ({ label: t(`kpi.grade.${g}`), kind: 'int' as const })),
    { label: t('kpi.dash.taxPerMu'), kind: 'wan' }, { label: `${t('kpi.target.taxPerHectare')} ${t('kpi.dash.vsTarget', { baseline: r.targets.baselineYear, target: pctText(r.targets.taxPerHectare) })}`, kind: 'percent' },
    { label: t('kpi.dash.energy'), kind: 'decimal' }, { label: `${t('kpi.target.energy')} ${t('kpi.dash.vsTarget', { baseline: r.targets.baselineYear, target: pctText(r.targets.energy) })}`, kind: 'percent' },
    { label: t('kpi.dash.profit'), kind: 'wan' }, { label: `${t('kpi.target.profit')} ${t('kpi.dash.vsTarget', { baseline: r.targets.baselineYear, target: pctText(r.targets.profit) })}`, kind: 'percent' },
    { label: t('kpi.dash.targetsMet'), kind: 'text' },
  ];
  const cells = (name: string, a: KpiArea) => [
    name, a.graded, ...GRADES.map((g) => a.grades[g]),
    round(a.measures.taxPerMu, 2), round(a.vsTarget.taxPerHectare.change, 4),
    round(a.measures.energyPer10kValueAdded, 3), round(a.vsTarget.energy.change, 4),
    round(a.measures.totalProfit, 2), round(a.vsTarget.totalProfit.change, 4),
    [t('kpi.target.taxPerHectare'), t('kpi.target.energy'), t('kpi.target.profit')].map((l, i) => `${l}：${met([a.vsTarget.taxPerHectare, a.vsTarget.energy, a.vsTarget.totalProfit][i]!)}`).join('；'),
  ];
  const title = t('kpi.dash.title');
  if (r.city.enterprises === 0) return { id: 'kpis', title, unavailable: t('kpi.dash.empty', { year: r.year }), blocks: [] };
  const byDistrict: ReportTable = {
    id: 'kpis-district', title: `${title} · ${t('kpi.dash.district')} · ${r.year}`,
    columns: columns(t('kpi.dash.district')),
    rows: [...r.districts.map((d) => ({ cells: cells(districtName(d.key), d) })), { cells: cells(t('kpi.dash.city'), r.city), total: true }],
  };
  const bySection: ReportTable = {
    id: 'kpis-industry', title: `${title} · ${t('kpi.dash.industry')} · ${r.year}`,
    columns: columns(t('kpi.dash.industry')),
    rows: r.sections.map((s) => ({ cells: cells(s.key === '?' ? t('kpi.dash.noIndustry') : s.key, s) })),
  };
  const chart = barChart(r.districts.map((d) => districtName(d.key)),
    GRADES.map((g) => ({ name: t(`kpi.grade.${g}`), data: r.districts.map((d) => d.grades[g]), colour: GRADE_COLOURS[g], stack: 'grades' })),
    { alt: translate(locale, 'reports.chartAlt', { title: t('kpi.dash.chart') }), horizontal: true });
  return {
    id: 'kpis', title,
    intro: t('kpi.dash.intro', { year: r.year, baseline: r.targets.baselineYear }),
    notes: [t('kpi.sectionNote'), t('kpi.provisional'), t('kpi.dash.aggregateNote')],
    blocks: [{ chart, table: byDistrict }, { table: bySection }],
  };
}
