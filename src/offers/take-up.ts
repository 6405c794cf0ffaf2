import type { DataSource } from 'typeorm';
import type { AccessScope } from '../auth/access-scope.js';
import { STATUS_COLUMNS } from '../policy/evaluation-record.js';
import { params } from './matching.js';
import { OFFER_PROGRAMMES } from './offer-rules.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import type { ReportTable } from '../reports/report-table.js';

/** Application statuses that mean the benefit was granted (recognised, certified, pre-check reviewed). */
export const GRANTED_STATUSES = ['approved', 'certified', 'reviewed'] as const;

export interface TakeUpRow {
  programme: string;
  districtCode: string;
  year: number;
  eligible: number;
  offered: number;
  opened: number;
  accepted: number;
  applied: number;
  granted: number;
  /** Yuan realised: the benefit of granted offers. */
  money: number;
  /** accepted / offered (null when nothing was offered). */
  rate: number | null;
  /** Median days from offer to acceptance (null when none accepted). */
  medianDays: number | null;
}

/** SQL restricting the enterprise alias `e` to the scope (area: its districts or zones); null for none visible. */
function scopeSql(scope: AccessScope, ph: (v: unknown) => string): string | null {
  switch (scope.kind) {
    case 'all': return '1 = 1';
    case 'area': {
      const parts = [
        ...(scope.districtCodes.length ? [`e.district_code IN (${scope.districtCodes.map(ph).join(',')})`] : []),
        ...(scope.zoneCodes.length ? [`e.zone_code IN (${scope.zoneCodes.map(ph).join(',')})`] : []),
      ];
      return parts.length ? `(${parts.join(' OR ')})` : null;
    }
    case 'enterprise': return `e.id = ${ph(scope.enterpriseId)}`;
    default: return null;
  }
}

/**
 * The take-up (兑现率) funnel per programme and district for a year (issue 15): eligible (latest
 * outcome), offered, opened, accepted, applied (the accepted offer's application is filed and not
 * withdrawn), granted and the money realised — three grouped queries, the median computed from the
 * per-offer day counts SQL returns.
 */
export async function takeUp(dataSource: DataSource, scope: AccessScope, year: number, districtCode?: string): Promise<TakeUpRow[]> {
  const key = `${scopeKey(scope)}|${year}|${districtCode ?? ''}`;
  const hit = largeReports.get(key);
  if (hit && Date.now() - hit.at < LARGE_REPORT_TTL_MS) return (await hit.rows).map((r) => ({ ...r }));
  const rows = computeTakeUp(dataSource, scope, year, districtCode);
  // Concurrent readers share the computation; only a large report is kept afterwards.
  largeReports.set(key, { at: Date.now(), rows });
  try {
    const done = await rows;
    if (done.reduce((n, r) => n + r.eligible + r.offered, 0) < LARGE_REPORT) largeReports.delete(key);
    else if (largeReports.size > LARGE_REPORT_ENTRIES) largeReports.delete(largeReports.keys().next().value!);
    return done.map((r) => ({ ...r }));
  } catch (err) {
    largeReports.delete(key);
    throw err;
  }
}

/**
 * A large take-up report is kept a minute per process, like the dashboard's figures: city-wide at
 * 120,000 files it reads every eligibility status and offer (~200 ms of CPU), and its figures move
 * with the nightly batch, not by the second. Below LARGE_REPORT (eligible + offered) — a district's
 * report in a test database, a small city — it is computed on every request.
 */
export const LARGE_REPORT = 5_000;
const LARGE_REPORT_TTL_MS = 60_000;
const LARGE_REPORT_ENTRIES = 200;
const largeReports = new Map<string, { at: number; rows: Promise<TakeUpRow[]> }>();

function scopeKey(scope: AccessScope): string {
  switch (scope.kind) {
    case 'area': return `area:${scope.districtCodes.join(',')}:${scope.zoneCodes.join(',')}`;
    case 'enterprise': return `enterprise:${scope.enterpriseId}`;
    default: return scope.kind;
  }
}

async function computeTakeUp(dataSource: DataSource, scope: AccessScope, year: number, districtCode?: string): Promise<TakeUpRow[]> {
  const pg = dataSource.options.type === 'postgres';
  const rows = new Map<string, TakeUpRow>();
  const row = (programme: string, districtCode: string): TakeUpRow => {
    const key = `${programme}|${districtCode}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { programme, districtCode, year, eligible: 0, offered: 0, opened: 0, accepted: 0, applied: 0, granted: 0, money: 0, rate: null, medianDays: null }));
    return r;
  };
  const where = (ph: (v: unknown) => string) => {
    const s = scopeSql(scope, ph);
    if (s === null) return null;
    return districtCode ? `${s} AND e.district_code = ${ph(districtCode)}` : s;
  };

  const q1 = params(pg);
  const w1 = where(q1.ph);
  if (w1 === null) return [];
  const sums = OFFER_PROGRAMMES.map((p, i) => `SUM(CASE WHEN s.${STATUS_COLUMNS[p]} = 'eligible' THEN 1 ELSE 0 END) AS p${i}`).join(', ');
  const eligible: Record<string, unknown>[] = await dataSource.query(
    `SELECT e.district_code AS district, ${sums} FROM eligibility_status s JOIN enterprise e ON e.id = s.enterprise_id AND e.deleted_at IS NULL
      WHERE s.as_of >= ${q1.ph(`${year}-01-01`)} AND s.as_of <= ${q1.ph(`${year}-12-31`)} AND ${w1} GROUP BY e.district_code`, q1.values,
  );
  for (const r of eligible) OFFER_PROGRAMMES.forEach((p, i) => { const n = Number(r[`p${i}`] ?? 0); if (n) row(p, String(r.district)).eligible = n; });

  const q2 = params(pg);
  const w2 = where(q2.ph)!;
  const granted = GRANTED_STATUSES.map((s) => `'${s}'`).join(',');
  const offers: Record<string, unknown>[] = await dataSource.query(
    `SELECT o.programme, e.district_code AS district, COUNT(*) AS offered,
            SUM(CASE WHEN o.opened_at IS NOT NULL THEN 1 ELSE 0 END) AS opened,
            SUM(CASE WHEN o.status = 'accepted' THEN 1 ELSE 0 END) AS accepted,
            SUM(CASE WHEN a.status IS NOT NULL AND a.status NOT IN ('draft', 'withdrawn') THEN 1 ELSE 0 END) AS applied,
            SUM(CASE WHEN a.status IN (${granted}) THEN 1 ELSE 0 END) AS granted,
            SUM(CASE WHEN a.status IN (${granted}) THEN COALESCE(o.benefit, 0) ELSE 0 END) AS money
       FROM offer o JOIN enterprise e ON e.id = o.enterprise_id AND e.deleted_at IS NULL
       LEFT JOIN application a ON a.id = o.application_id
      WHERE o.year = ${q2.ph(year)} AND ${w2}
      GROUP BY o.programme, e.district_code`, q2.values,
  );
  for (const r of offers) {
    const t = row(String(r.programme), String(r.district));
    t.offered = Number(r.offered); t.opened = Number(r.opened); t.accepted = Number(r.accepted);
    t.applied = Number(r.applied); t.granted = Number(r.granted); t.money = Number(r.money);
  }

  const q3 = params(pg);
  const w3 = where(q3.ph)!;
  const days = pg ? 'EXTRACT(EPOCH FROM (o.accepted_at - o.created_at)) / 86400.0' : '(julianday(o.accepted_at) - julianday(o.created_at))';
  const accepted: { programme: string; district: string; days: number | string }[] = await dataSource.query(
    `SELECT o.programme, e.district_code AS district, ${days} AS days FROM offer o JOIN enterprise e ON e.id = o.enterprise_id AND e.deleted_at IS NULL
      WHERE o.year = ${q3.ph(year)} AND o.accepted_at IS NOT NULL AND ${w3}`, q3.values,
  );
  const byGroup = new Map<string, number[]>();
  for (const r of accepted) {
    const key = `${r.programme}|${r.district}`;
    (byGroup.get(key) ?? byGroup.set(key, []).get(key)!).push(Math.max(0, Number(r.days)));
  }
  for (const [key, list] of byGroup) {
    const t = rows.get(key);
    if (t) t.medianDays = medianDays(list);
  }
  for (const t of rows.values()) t.rate = t.offered ? Math.round((t.accepted / t.offered) * 1000) / 1000 : null;
  return [...rows.values()].sort((a, b) => OFFER_PROGRAMMES.indexOf(a.programme as never) - OFFER_PROGRAMMES.indexOf(b.programme as never) || a.districtCode.localeCompare(b.districtCode));
}

/** Median of day counts, to one decimal. */
export function medianDays(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

/** The take-up figures as a report table (the dashboard's XLSX export adds it as a sheet). */
export function takeUpTable(rows: readonly TakeUpRow[], locale: Locale): ReportTable {
  const t = (k: string) => translate(locale, k);
  const kinds: [string, ReportTable['columns'][number]['kind']][] = [
    ['takeUp.programme', 'text'], ['takeUp.district', 'text'], ['takeUp.eligible', 'int'], ['takeUp.offered', 'int'], ['takeUp.opened', 'int'], ['takeUp.accepted', 'int'],
    ['takeUp.applied', 'int'], ['takeUp.granted', 'int'], ['takeUp.money', 'int'], ['takeUp.rate', 'percent'], ['takeUp.medianDays', 'days'],
  ];
  return {
    id: 'take-up',
    title: t('takeUp.title'),
    columns: kinds.map(([label, kind]) => ({ label: t(label), kind })),
    rows: rows.map((r) => ({ cells: [t(`offer.programme.${r.programme}`), r.districtCode, r.eligible, r.offered, r.opened, r.accepted, r.applied, r.granted, r.money, r.rate, r.medianDays] })),
  };
}
