import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import type { TakeUpRow } from '../offers/take-up.js';
import type { ReportSection, ReportTable } from './report-table.js';

/**
 * The take-up (兑现率) of offers as a compact dashboard section (issue 18.6): one row per programme,
 * summed over the districts in view, with a link to the full page (per district, opened, applied,
 * money, median days). Pure.
 */
export function takeUpSection(locale: Locale, year: number, rows: readonly TakeUpRow[], fullHref: string | null): ReportSection {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  const byProgramme = new Map<string, { eligible: number; offered: number; accepted: number; granted: number }>();
  for (const r of rows) {
    const p = byProgramme.get(r.programme) ?? { eligible: 0, offered: 0, accepted: 0, granted: 0 };
    p.eligible += r.eligible; p.offered += r.offered; p.accepted += r.accepted; p.granted += r.granted;
    byProgramme.set(r.programme, p);
  }
  const table: ReportTable = {
    id: 'take-up', title: t('reports.takeUp.title'),
    columns: [
      { label: t('takeUp.programme'), kind: 'text' }, { label: t('takeUp.eligible'), kind: 'int' }, { label: t('takeUp.offered'), kind: 'int' },
      { label: t('takeUp.accepted'), kind: 'int' }, { label: t('takeUp.granted'), kind: 'int' }, { label: t('takeUp.rate'), kind: 'percent' },
    ],
    rows: [...byProgramme].map(([programme, p]) => ({
      // Same rate as the full page: accepted of offered.
      cells: [t(`offer.programme.${programme}`), p.eligible, p.offered, p.accepted, p.granted, p.offered ? p.accepted / p.offered : null],
    })),
  };
  const offered = rows.some((r) => r.offered > 0);
  return {
    id: 'take-up', title: t('reports.takeUp.title'), intro: t('reports.takeUp.intro', { year }),
    ...(offered ? {} : { unavailable: t('reports.takeUp.empty', { year }) }),
    blocks: rows.length ? [{ table }] : [],
    links: fullHref ? [{ href: fullHref, label: t('reports.takeUp.full') }] : undefined,
  };
}
