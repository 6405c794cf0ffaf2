/**
 * Page models of the cultivation pages (screening and pool, a member's plan, renewals, targets): pure
 * functions of what the services answered. Unit-tested in cultivation.view.spec.ts.
 */
import type { Actor } from '../auth/actor.js';
import { pager } from '../common/pager.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import type { PlanStock } from '../plan-periods/plan-periods.service.js';
import { HIGH_TECH_FIELDS } from '../policy/engine/facts.js';
import { CRITERION_LABELS } from '../policy/engine/labels.js';
import type { District } from '../reference/district.entity.js';
import { cultivationCan, readsOwnPlan } from './cultivation.policy.js';
import { SERVICE_LOG_KINDS } from './cultivation.entity.js';
import { MEMBERSHIP_STATUSES } from './membership-machine.js';
import type { AreaFigures, PoolFigures } from './pool-targets.service.js';
import { EMPLOYEE_BAND_CODES, HT_CODES, REVENUE_BAND_CODES, SERVICES } from './ranking.js';

export const CANDIDATES_PER_PAGE = 25;

type DistrictName = Pick<District, 'code' | 'nameZh' | 'nameEn'>;
const nameOf = (d: DistrictName, locale: Locale) => (locale === 'en' ? d.nameEn : d.nameZh);
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** The arithmetic of one area's figures as lines for the page (numbers formatted, labels from the catalogue). */
export function arithmetic(locale: Locale, a: AreaFigures, districts: DistrictName[]) {
  const f = a.figures;
  const lines: string[] = [];
  if (f.target === null) lines.push(translate(locale, 'cultivation.math.noTarget'));
  else lines.push(translate(locale, 'cultivation.math.remaining', { target: f.target, certified: f.certifiedSoFar, remaining: f.remaining ?? 0 }));
  if (f.rate) {
    lines.push(translate(locale, f.rate.source === 'history' ? 'cultivation.math.rateHistory' : 'cultivation.math.rateAssumed', { certified: f.rate.num, closed: f.rate.den, rate: pct(f.rateValue) }));
    lines.push(translate(locale, 'cultivation.math.expected', { open: f.openMembers, rate: pct(f.rateValue), expected: f.expectedFromPool ?? 0 }));
  } else {
    lines.push(translate(locale, 'cultivation.math.noRate'));
  }
  if (f.neededCandidates !== null && f.gap !== null && f.rate) {
    lines.push(f.gap > 0
      ? translate(locale, 'cultivation.math.needed', { remaining: f.remaining ?? 0, expected: f.expectedFromPool ?? 0, gap: f.gap, rate: pct(f.rateValue), needed: f.neededCandidates })
      : translate(locale, 'cultivation.math.enough', { remaining: f.remaining ?? 0, expected: f.expectedFromPool ?? 0 }));
  } else if (f.blockedBy === 'zero-rate') {
    lines.push(translate(locale, 'cultivation.math.zeroRate'));
  }
  const district = districts.find((d) => d.code === a.area);
  const areaName = district ? nameOf(district, locale) : a.area === 'city' ? translate(locale, 'cultivation.area.city') : a.area;
  return { ...a, areaName, rate: pct(f.rateValue), lines };
}

/** The plan period's HNTE stock as the targets page quotes it; "not yet entered" for a period without figures. */
export function planReference(locale: Locale, stock: PlanStock | null): { text: string; notEntered: boolean } {
  if (!stock) return { text: translate(locale, 'cultivation.targets.noPlan'), notEntered: true };
  const name = locale === 'en' ? stock.period.nameEn : stock.period.nameZh;
  if (!stock.from || !stock.to || stock.yearlyGrowth === null) {
    return { text: translate(locale, 'cultivation.targets.planNotEntered', { plan: name, from: stock.period.firstYear, to: stock.period.lastYear }), notEntered: true };
  }
  return {
    text: translate(locale, 'cultivation.targets.plan', {
      plan: name, fromYear: stock.from.year, fromCount: stock.from.value.toLocaleString('en-US'), toYear: stock.to.year, toCount: stock.to.value.toLocaleString('en-US'), growth: stock.yearlyGrowth,
    }),
    notEntered: false,
  };
}

export interface CultivationFilters { districtCode?: string; highTechField?: string; revenueBand?: string; employeeBand?: string; q?: string }

interface RunLike { total: number; done: number }
export interface IndexData<C, M, R extends RunLike> {
  filters: CultivationFilters;
  year: number;
  status?: string;
  page: number;
  thisYear: number;
  candidates: { total: number; items: C[] };
  runs: { last: R | null; active: R | null };
  figures: PoolFigures;
  members: { items: M[]; total: number };
  districts: District[];
}

/** Screening (the last run, its candidates), the target figures and this year's pool. */
export function cultivationIndexPage<C, M, R extends RunLike>(actor: Actor, d: IndexData<C, M, R>) {
  const { pages, prevPage, nextPage } = pager(d.page, d.candidates.total, CANDIDATES_PER_PAGE);
  const isCity = cultivationCan(actor, 'seeAllDistricts');
  const active = d.runs.active;
  return {
    title: translate(actor.locale, 'cultivation.title'),
    districts: d.districts, fields: HIGH_TECH_FIELDS, revenueBands: REVENUE_BAND_CODES, employeeBands: EMPLOYEE_BAND_CODES, statuses: MEMBERSHIP_STATUSES,
    filters: d.filters, year: d.year, status: d.status ?? '', years: [d.thisYear - 1, d.thisYear, d.thisYear + 1], proposeYears: [d.thisYear, d.thisYear + 1],
    run: d.runs.last, active: active ? { ...active, percent: active.total ? Math.floor((100 * active.done) / active.total) : 0 } : null,
    refreshSeconds: active ? 3 : null,
    candidates: d.candidates.items, total: d.candidates.total, page: d.page, pages, prevPage, nextPage,
    figures: arithmetic(actor.locale, d.figures.total, d.districts),
    districtFigures: isCity ? d.figures.districts.map((x) => arithmetic(actor.locale, x, d.districts)) : [],
    members: d.members.items, membersTotal: d.members.total,
    canPropose: true, canAdmit: cultivationCan(actor, 'admit'), canSetTargets: cultivationCan(actor, 'setTargets'),
    exportQuery: new URLSearchParams(Object.entries(d.filters).filter(([, v]) => v !== undefined && v !== '') as [string, string][]).toString(),
  };
}

interface MemberLike {
  year: number;
  enterprise: { name: string };
  plan: { code: string; targetDate: string; note: string | null }[];
  progress: { rows: { code: string; current?: unknown }[] };
  services: string[];
}

/** A member's page: plan form per HT criterion (ticked, target date, note, today's value), services, officers. */
export function memberPage<M extends MemberLike>(actor: Actor, member: M, officers: unknown[], today: string, extra: Record<string, unknown> = {}) {
  const planCodes = new Map(member.plan.map((p) => [p.code, p]));
  const defaultDate = `${member.year}-06-30`;
  return {
    title: `${member.enterprise.name} · ${translate(actor.locale, 'cultivation.member.title', { year: member.year })}`,
    member,
    officers,
    serviceKinds: SERVICE_LOG_KINDS,
    today,
    isEnterpriseUser: readsOwnPlan(actor),
    planForm: HT_CODES.map((code) => ({
      code, label: CRITERION_LABELS[code][actor.locale], included: planCodes.has(code), targetDate: planCodes.get(code)?.targetDate ?? defaultDate, note: planCodes.get(code)?.note ?? '',
      current: member.progress.rows.find((r) => r.code === code)?.current ?? null,
    })),
    serviceForm: SERVICES.map((s) => ({ code: s, checked: member.services.includes(s) })),
    errors: {},
    values: {},
    ...extra,
  };
}

export function renewalsPage<R extends { page: number; pageSize: number; total: number }>(actor: Actor, result: R, districts: District[], districtCode?: string) {
  return {
    title: translate(actor.locale, 'cultivation.renewals.title'),
    ...result, districts, districtCode: districtCode ?? '',
    ...pager(result.page, result.total, result.pageSize),
  };
}

interface TargetLike { area: string; newCertifications: number | null; assumedRatePct: number | null; version: number }

/** One row per area (the city, then each district) with the year's target and assumed rate. */
export function targetsPage(actor: Actor, year: number, targets: TargetLike[], districts: DistrictName[], stock: PlanStock | null, extra: Record<string, unknown> = {}) {
  const byArea = new Map(targets.map((t) => [t.area, t]));
  const row = (area: string, name: string) => ({ area, name, target: byArea.get(area)?.newCertifications ?? '', assumedRatePct: byArea.get(area)?.assumedRatePct ?? '', version: byArea.get(area)?.version ?? '' });
  return {
    title: translate(actor.locale, 'cultivation.targets.title'),
    year, years: [year - 1, year, year + 1], plan: planReference(actor.locale, stock),
    rows: [row('city', translate(actor.locale, 'cultivation.area.city')), ...districts.map((d) => row(d.code, nameOf(d, actor.locale)))],
    errors: {},
    ...extra,
  };
}
