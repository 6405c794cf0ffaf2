import { formatInteger, formatPercent, formatWan } from '../common/format.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { RUNGS } from './report-sql.js';
import type { ApplicationsReport, ExpiringReport, LoansReport, PipelineReport, StripCounts, SuperDeductionReport, TargetsReport } from './reports.service.js';

/** Statuses in which an application waits for the bureau: the district's review, then the city's. */
export const WAITING_STATUSES = ['district-review', 'municipal-review'] as const;

export interface StripTile {
  id: string;
  label: string;
  /** The headline figure, formatted. */
  value: string;
  /** A line under it (the target, the breakdown, the window). */
  hint?: string;
  /** Smaller figures beside the headline (the rungs, the two review levels). */
  parts?: { label: string; value: string }[];
  /** The section of the page the figure comes from. */
  href: string;
}

export interface StripInput {
  year: number;
  counts: StripCounts;
  pipeline: PipelineReport;
  targets: TargetsReport;
  applications: ApplicationsReport;
  expiring: ExpiringReport;
  superDeduction: SuperDeductionReport;
  loans: LoansReport;
}

/**
 * The KPI strip at the top of the dashboard (issue 18.6): six tiles, every figure taken from an
 * aggregate the page already computed (or one SQL count), each linking to the section it sums up.
 * Pure.
 */
export function kpiStrip(locale: Locale, d: StripInput): StripTile[] {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  const hnte = d.targets.metrics.find((m) => m.metric === 'hnte')?.trend.find((p) => p.year === d.year);
  const waiting = WAITING_STATUSES.map((status) => ({
    status, count: d.applications.byStatus.filter((r) => r.status === status).reduce((s, r) => s + r.count, 0),
  }));
  const expiring6 = d.expiring.byDistrict.reduce((s, r) => s + r.hnte6 + r.recognitions6, 0);
  return [
    { id: 'files', label: t('reports.strip.files'), value: formatInteger(d.counts.files), hint: t('reports.strip.filesHint', { n: formatInteger(d.pipeline.totals.total), year: d.year }), href: '#pipeline' },
    {
      id: 'rungs', label: t('reports.strip.rungs', { year: d.year }), value: formatInteger(d.pipeline.totals.total), href: '#pipeline',
      parts: RUNGS.map((r) => ({ label: t(`tier.${r}`), value: formatInteger(d.pipeline.totals[r]) })),
    },
    {
      id: 'hnte', label: t('reports.strip.hnte', { year: d.year }), value: formatInteger(hnte?.actual ?? 0), href: '#targets',
      hint: hnte?.target ? t('reports.strip.hnteTarget', { target: formatInteger(hnte.target), rate: formatPercent((hnte.actual ?? 0) / hnte.target) }) : t('reports.strip.noTarget'),
    },
    {
      id: 'waiting', label: t('reports.strip.waiting'), value: formatInteger(waiting.reduce((s, w) => s + w.count, 0)), href: '#applications',
      parts: waiting.map((w) => ({ label: t(`reports.strip.waiting.${w.status}`), value: formatInteger(w.count) })),
    },
    { id: 'expiring', label: t('reports.strip.expiring'), value: formatInteger(expiring6), hint: t('reports.strip.expiringHint', { until: d.expiring.until6 }), href: '#expiring' },
    {
      id: 'money', label: t('reports.strip.money'), value: formatWan(d.superDeduction.totals.extraDeduction, locale), href: '#super-deduction',
      hint: t('reports.strip.superDeduction'),
      parts: [{ label: t('reports.strip.loansOutstanding', { n: formatInteger(d.counts.loansOutstanding.count) }), value: formatWan(d.counts.loansOutstanding.amount, locale) }],
    },
  ];
}
