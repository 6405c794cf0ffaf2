import { formatGrouped } from '../common/format.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { lineChart } from './charts.js';
import type { CockpitRow } from './plan-cockpit.js';

type Cockpit = { year: number; planPeriod: { code: string; nameZh: string; nameEn: string; baseYear: number; lastYear: number; document: string | null } | null; rows: CockpitRow[] };

const num = (v: number | null, unit: CockpitRow['unit'], signed = false) => {
  if (v === null) return '—';
  const text = unit === 'count' ? formatGrouped(Math.round(v)) : `${formatGrouped(v, 2)}%`;
  return signed && v > 0 ? `+${text}` : text;
};

/** The cockpit page: one card per indicator with its trend chart (target dashed) and the year table. */
export function planCockpitView(locale: Locale, c: Cockpit) {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  return {
    year: c.year,
    planName: c.planPeriod ? (locale === 'en' ? c.planPeriod.nameEn : c.planPeriod.nameZh) : null,
    empty: !c.planPeriod,
    rows: c.rows.map((r) => ({
      indicator: r.indicator,
      label: t(`cockpit.indicator.${r.indicator}`),
      note: t(`cockpit.note.${r.indicator}`),
      source: r.source,
      link: r.link,
      chart: r.points.some((p) => p.actual !== null || p.target !== null)
        ? lineChart(r.points.map((p) => String(p.year)), [
            { name: t('cockpit.actual'), data: r.points.map((p) => p.actual), colour: '#206bc4' },
            { name: t('cockpit.target'), data: r.points.map((p) => p.target), colour: '#d63939', dashed: true },
          ], { alt: translate(locale, 'reports.chartAlt', { title: t(`cockpit.indicator.${r.indicator}`) }), width: 480, height: 220 })
        : null,
      points: r.points.map((p) => ({
        year: p.year,
        target: num(p.target, r.unit),
        targetKind: p.targetKind ? t(`cockpit.kind.${p.targetKind}`) : '',
        actual: num(p.actual, r.unit),
        trend: num(p.trend, r.unit, true),
        gap: num(p.gap, r.unit),
      })),
    })),
  };
}
