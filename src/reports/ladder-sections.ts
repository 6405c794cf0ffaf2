import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { barChart, PALETTE, TIER_COLOURS } from './charts.js';
import type { ExposureReport, LadderReport } from './ladder-reports.service.js';
import type { ReportSection, ReportTable } from './report-table.js';
import type { DistrictRef } from './reports.service.js';

const districtName = (d: DistrictRef, locale: Locale) => (locale === 'en' ? d.nameEn : d.nameZh);
const alt = (locale: Locale, title: string) => translate(locale, 'reports.chartAlt', { title });

/**
 * The dashboard sections of a selected ladder (rungs by district, funnel, conversions) and of the
 * risk fund's exposure. Tables hold raw values; the page and the XLSX export share them.
 */
export function ladderSections(locale: Locale, ladder: LadderReport | undefined, exposure: ExposureReport | undefined, ladderChoices: { code: string; name: string; href: string }[]): ReportSection[] {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  const sections: ReportSection[] = [];
  if (ladder) {
    const names = ladder.ladder.rungNames.map((n) => n[locale]);
    const title = ladder.ladder.name[locale];
    const byDistrict: ReportTable = {
      id: 'ladder-district', title: t('reports.ladder.byDistrictTitle', { ladder: title, year: ladder.year }), heat: true,
      columns: [{ label: t('reports.col.district'), kind: 'text' }, ...names.map((label) => ({ label, kind: 'int' as const })), { label: t('reports.col.total'), kind: 'int' }],
      rows: [
        ...ladder.byDistrict.map((d) => ({ cells: [districtName(d.district, locale), ...d.counts, d.total] })),
        { cells: [t('reports.col.total'), ...ladder.totals, ladder.total], total: true },
      ],
    };
    const funnel: ReportTable = {
      id: 'ladder-funnel', title: t('reports.ladder.funnelTitle', { ladder: title, year: ladder.year }),
      columns: [
        { label: t('ladders.select'), kind: 'text' }, { label: t('reports.ladder.atRung'), kind: 'int' }, { label: t('reports.ladder.atOrAbove'), kind: 'int' },
        { label: t('reports.ladder.convertedBase', { year: ladder.year - 1 }), kind: 'int' }, { label: t('reports.ladder.converted'), kind: 'int' }, { label: t('reports.ladder.rate'), kind: 'percent' },
      ],
      rows: ladder.ladder.rungs.map((rung, i) => {
        const c = ladder.conversions[i];
        return { cells: [names[i]!, ladder.totals[i]!, ladder.funnel[i]!.atOrAbove, c?.base ?? null, c?.converted ?? null, c?.rate ?? null] };
      }),
    };
    const chart = barChart(ladder.byDistrict.map((d) => districtName(d.district, locale)),
      ladder.ladder.rungs.map((rung, i) => ({ name: names[i]!, data: ladder.byDistrict.map((d) => d.counts[i]!), stack: 'rungs', colour: TIER_COLOURS[rung] ?? PALETTE[i % PALETTE.length] })),
      { alt: alt(locale, byDistrict.title), horizontal: true });
    sections.push({
      id: 'ladder', title: t('reports.ladder.title', { ladder: title }), intro: t('reports.ladder.intro'),
      links: ladderChoices.filter((c) => c.code !== ladder.ladder.code).map((c) => ({ href: c.href, label: c.name })),
      blocks: [{ chart, table: byDistrict }, { table: funnel }],
    });
  }
  if (exposure) {
    if (!exposure.available) {
      sections.push({ id: 'exposure', title: t('exposure.title'), unavailable: t('reports.loans.unavailable'), blocks: [] });
    } else {
      const cols = (first: string) => [
        { label: first, kind: 'text' as const }, { label: t('exposure.loans'), kind: 'int' as const },
        { label: t('exposure.outstanding'), kind: 'wan' as const }, { label: t('exposure.exposure'), kind: 'wan' as const },
      ];
      const total = { cells: [t('exposure.total'), exposure.totals.loans, exposure.totals.outstanding, exposure.totals.exposure], total: true };
      const gradeName = (g: string) => (g === 'not-graded' ? t('riskGrade.notGraded') : t('riskGrade.grade', { grade: g }));
      const byGrade: ReportTable = { id: 'exposure-grade', title: t('exposure.byGrade'), columns: cols(t('riskGrade.title')), rows: [...exposure.byGrade.map((r) => ({ cells: [gradeName(r.key), r.loans, r.outstanding, r.exposure] })), total] };
      const byBank: ReportTable = { id: 'exposure-bank', title: t('exposure.byBank'), columns: cols(t('exposure.byBank')), rows: [...exposure.byBank.map((r) => ({ cells: [r.key, r.loans, r.outstanding, r.exposure] })), total] };
      const byDistrict: ReportTable = { id: 'exposure-district', title: t('exposure.byDistrict'), columns: cols(t('reports.col.district')), rows: [...exposure.byDistrict.map((r) => ({ cells: [districtName(r.district, locale), r.loans, r.outstanding, r.exposure] })), total] };
      const chart = barChart(exposure.byGrade.map((r) => gradeName(r.key)), [
        { name: t('exposure.outstanding'), data: exposure.byGrade.map((r) => Math.round(r.outstanding / 100) / 100), colour: '#206bc4' },
        { name: t('exposure.exposure'), data: exposure.byGrade.map((r) => Math.round(r.exposure / 100) / 100), colour: '#d63939' },
      ], { alt: alt(locale, byGrade.title), valueName: t('reports.unit.wan') });
      sections.push({ id: 'exposure', title: t('exposure.title'), intro: t('exposure.intro'), notes: [t('riskGrade.provisional')], blocks: [{ chart, table: byGrade }, { table: byBank }, { table: byDistrict }] });
    }
  }
  return sections;
}
