import { formatFixed, formatWan } from '../common/format.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { INDICATORS } from './kpi-grading.js';
import type { KpiYearView } from './kpi-years.js';

const fixed = (v: number | null | undefined, digits: number) => formatFixed(v, digits);

/** One indicator's value as the file shows it: 万元/亩, 吨标准煤/万元, 万元/人, %. */
export function formatIndicator(locale: Locale, key: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  switch (key) {
    case 'taxPerMu':
    case 'revenuePerMu':
      return `${fixed(v / 10_000, 2)} ${translate(locale, 'kpi.unit.wanPerMu')}`;
    case 'energyPer10kValueAdded':
      return `${fixed(v, 3)} ${translate(locale, 'kpi.unit.tcePer10k')}`;
    case 'valueAddedPerEnergy':
      return `${fixed(v / 10_000, 2)} ${translate(locale, 'kpi.unit.wan')}/${translate(locale, 'kpi.unit.tce')}`;
    case 'labourProductivity':
      return `${fixed(v / 10_000, 2)} ${translate(locale, 'kpi.unit.wanPerPerson')}`;
    case 'rdIntensity':
      return `${fixed(v * 100, 2)}%`;
    default:
      return String(v);
  }
}

const GRADE_CLASS: Record<string, string> = { A: 'bg-green-lt', B: 'bg-azure-lt', C: 'bg-yellow-lt', D: 'bg-red-lt', 'not-graded': 'bg-secondary-lt' };

/**
 * The file's KPI card: the latest year's grade with its trend, the indicators with the
 * percentile behind each graded part, and the figures per year (万元 in tables, like the file).
 * The comparison section names its district (issue 18.7), given a lookup.
 */
export function kpiCardView(locale: Locale, items: readonly KpiYearView[], districtName: (code: string) => string = (code) => code) {
  const latest = items[items.length - 1];
  const years = [...items].reverse();
  const badge = (g: string | null) => (g ? { grade: g, label: translate(locale, `kpi.grade.${g}`), cls: GRADE_CLASS[g] ?? 'bg-secondary-lt' } : null);
  return {
    any: items.length > 0,
    latest: latest
      ? {
          year: latest.year,
          badge: badge(latest.grade),
          pending: latest.grade === null,
          notGraded: latest.grade === 'not-graded',
          score: latest.score === null ? '—' : fixed(latest.score, 1),
          trend: latest.trend && latest.trend.scoreChange !== null ? `${latest.trend.scoreChange > 0 ? '+' : ''}${fixed(latest.trend.scoreChange, 1)}（${latest.trend.previousYear}：${translate(locale, `kpi.grade.${latest.trend.previousGrade ?? 'not-graded'}`)}）` : null,
          section: latest.section
            ? translate(locale, 'kpi.section', { district: districtName(latest.section.split('/')[0] ?? ''), letter: latest.section.split('/')[1], n: latest.sectionSize ?? 0 })
            : null,
          indicators: [
            ...INDICATORS.map((k) => ({
              label: translate(locale, `kpi.indicator.${k}`), value: formatIndicator(locale, k, latest.indicators[k]),
              percentile: latest.percentiles?.[k] === null || latest.percentiles?.[k] === undefined ? '—' : fixed(latest.percentiles[k], 1),
            })),
            { label: translate(locale, 'kpi.indicator.energyPer10kValueAdded'), value: formatIndicator(locale, 'energyPer10kValueAdded', latest.indicators.energyPer10kValueAdded), percentile: '' },
          ],
        }
      : null,
    years: years.map((y) => ({
      year: y.year, badge: badge(y.grade), score: y.score === null ? '—' : fixed(y.score, 1),
      landMu: fixed(y.landMu, 2), taxesPaid: formatWan(y.taxesPaid, locale), totalProfit: formatWan(y.totalProfit, locale), valueAdded: formatWan(y.valueAdded, locale),
      energyTce: fixed(y.energyTce, 2), operatingRevenue: formatWan(y.operatingRevenue, locale), employees: y.employees ?? '—', rdExpense: formatWan(y.rdExpense, locale),
      source: translate(locale, `factSource.${y.source}`), verified: y.verified, sourceAsOf: y.sourceAsOf ?? '',
    })),
  };
}
