/**
 * Page models of the enterprise pages (list, profile form, the file, merge): pure functions of what the
 * services answered. Unit-tested in enterprise.view.spec.ts; the controller gathers and renders.
 */
import type { Actor } from '../auth/actor.js';
import type { FieldErrors } from '../common/form.js';
import { pager, sortHeaders } from '../common/pager.js';
import { translate } from '../i18n/i18n.js';
import {
  ACQUISITIONS, ACTIVITY_TYPES, CONTEST_RANKS, FINANCIAL_COUNT_FIELDS, FINANCIAL_MONEY_FIELDS, FLAG_KINDS, HIGH_TECH_FIELDS, IP_KINDS, IP_STATUSES,
  QUALIFICATION_KINDS, QUALIFICATION_LEVELS, RD_EXPENSE_MONEY_FIELDS, TAX_MODES, TIERS,
} from '../policy/engine/facts.js';
import { ACTIVITY_KINDS } from '../activities/activity.entity.js';
import type { District } from '../reference/district.entity.js';
import type { ChildForm } from './enterprise-forms.js';
import { ENTERPRISE_SORTS } from './enterprise.dto.js';
import { enterpriseCan, seesInternal } from './enterprise.policy.js';
import { CHECK_RESULTS } from './fact-check.entity.js';
import { FACT_SOURCES } from './stored-facts.dto.js';
import { sourceBadge } from './source-badge.js';
import { kpiCardView } from '../kpis/kpi-view.js';
import type { KpiYearView } from '../kpis/kpi-years.js';

/** Kinds a timeline can be filtered by (anything else shows every kind). */
export const TIMELINE_FILTERS = ['visit', 'call', 'meeting', 'note', 'task-completed', 'change', 'status'];

const FIGURE_FIELDS = [...FINANCIAL_MONEY_FIELDS, ...FINANCIAL_COUNT_FIELDS];
const isMoney = (field: string) => (FINANCIAL_MONEY_FIELDS as readonly string[]).includes(field);

/** The choice lists of the profile form and the list filters. */
export interface Options { districts: District[]; zones: unknown[] }
export const optionLists = (o: Options) => ({ districts: o.districts, zones: o.zones, fields: HIGH_TECH_FIELDS, taxModes: TAX_MODES, tiers: TIERS });

export interface EnterpriseListFilters { q?: string; districtCode?: string; zoneCode?: string; tier?: string; highTechField?: string; tag?: string; expiringWithinMonths?: number; assignedOfficerId?: number; sort?: string }

export function enterpriseListPage<T extends { districtCode: string }>(actor: Actor, query: EnterpriseListFilters, page: { items: T[]; total: number; page: number; pageSize: number }, options: Options, officers: unknown[]) {
  const currentSort = query.sort ?? '-updatedAt';
  const filters = { q: query.q, districtCode: query.districtCode, zoneCode: query.zoneCode, tier: query.tier, highTechField: query.highTechField, tag: query.tag, expiringWithinMonths: query.expiringWithinMonths, assignedOfficerId: query.assignedOfficerId };
  const exportQuery = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '').map(([k, v]): [string, string] => [k, String(v)])).toString();
  const can = enterpriseCan(actor);
  return {
    title: translate(actor.locale, 'nav.enterprises'),
    ...optionLists(options),
    officers,
    query: { ...filters, sort: currentSort },
    filters,
    canCreate: can.create,
    canImport: can.import,
    exportCsvUrl: `/enterprises/export.csv${exportQuery ? `?${exportQuery}` : ''}`,
    exportXlsxUrl: `/enterprises/export.xlsx${exportQuery ? `?${exportQuery}` : ''}`,
    ...sortHeaders(ENTERPRISE_SORTS, currentSort),
    items: page.items.map((e) => ({ ...e, district: options.districts.find((d) => d.code === e.districtCode) })),
    total: page.total,
    page: page.page,
    ...pager(page.page, page.total, page.pageSize),
  };
}

interface ProfileLike { name: string; tags: string[]; version: number }

/** The profile form: new (with the officer's district preselected), edit, or a re-render with what was typed. */
export function enterpriseFormPage(actor: Actor, options: Options, form: { enterprise?: ProfileLike; values?: Record<string, unknown>; errors?: FieldErrors; message?: string; stale?: string }) {
  const e = form.enterprise;
  return {
    title: e ? e.name : translate(actor.locale, 'enterprise.new'),
    ...optionLists(options),
    isNew: !e,
    ...(e ? { enterprise: e } : {}),
    // A re-render shows the stored values beside what was typed.
    ...(e && form.values ? { current: { ...e, tags: e.tags.join(', ') } } : {}),
    values: form.values ?? (e ? { ...e, tags: e.tags.join(', ') } : { districtCode: actor.districtCode ?? '' }),
    errors: form.errors ?? {},
    ...(form.message !== undefined ? { message: form.message } : {}),
    ...(form.stale !== undefined ? { stale: form.stale } : {}),
  };
}

export type ChildForms = Partial<Record<ChildForm, { values: Record<string, unknown>; errors: FieldErrors; message?: string }>>;

interface DocumentLike { current: boolean; seriesId: number; revision: number; ownerKind: string; ownerId: number }
type Provenanced = Parameters<typeof sourceBadge>[1];
interface FileLike {
  enterprise: { name: string; id: number };
  financials: ({ id: number; year: number } & Provenanced)[];
  qualifications: ({ id: number; kind: string; certificateNumber: string | null; on: string } & Provenanced)[];
  ipAssets?: Provenanced[];
  creditFlags?: Provenanced[];
}

/** Everything the file page shows, as the services answered it. */
export interface FileData<F extends FileLike, D extends DocumentLike> {
  file: F;
  kind?: string;
  timeline: unknown[];
  district: unknown;
  zone: unknown;
  documents: D[];
  officer: unknown;
  rdLedgers: ({ year: number } & Record<string, unknown>)[];
  checks: unknown;
  reportYear: number;
  uploadMaxBytes: number;
  /** Recorder names for the source badges (staff names only for staff). */
  names?: ReadonlyMap<number, string>;
  /** The transformation KPIs per year (src/kpis), for the file's KPI card. */
  kpis?: readonly KpiYearView[];
  /** Every configured ladder's panel (src/policy/file-ladders): current rung, highest eligible, gap to the next. */
  ladders?: unknown;
}

/** The file's parts other than the two that get evidence counts below. */
function withoutEvidence<F extends FileLike>(file: F): Omit<F, 'financials' | 'qualifications'> {
  const { financials: _f, qualifications: _q, ...rest } = file;
  return rest;
}

/** The file page: profile, figures with their evidence, ledgers and checks, children forms (open on a 422). */
export function enterpriseFilePage<F extends FileLike, D extends DocumentLike>(actor: Actor, d: FileData<F, D>, forms: ChildForms = {}) {
  const { file, reportYear } = d;
  const id = file.enterprise.id;
  const can = enterpriseCan(actor);
  const canEdit = can.edit;
  // Current revisions, each with its earlier ones.
  const current = d.documents.filter((x) => x.current).map((x) => ({ ...x, history: d.documents.filter((h) => h.seriesId === x.seriesId && !h.current).sort((a, b) => b.revision - a.revision) }));
  const documentOwners = [
    ...(canEdit ? [{ value: `enterprise:${id}`, label: translate(actor.locale, 'document.owner.enterprise') }] : []),
    ...(can.reportFigures ? file.financials.map((f) => ({ value: `annual_financials:${f.id}`, label: translate(actor.locale, 'document.owner.annual_financials', { year: f.year }) })) : []),
    ...(canEdit ? file.qualifications.map((q) => ({ value: `qualification:${q.id}`, label: `${translate(actor.locale, `qualKind.${q.kind}`)} · ${q.certificateNumber ?? q.on}` })) : []),
  ];
  const ledgerValues = d.rdLedgers.find((l) => l.year === reportYear) ?? {};
  const ledgerProjects = [...((ledgerValues as { projects?: { name?: string; activityType: string }[] }).projects ?? [])];
  while (ledgerProjects.length < 3) ledgerProjects.push({ name: '', activityType: '' });
  // Evidence per fiscal year and per certificate, shown beside them.
  const evidence = (kind: string, ownerId: number) => current.filter((x) => x.ownerKind === kind && x.ownerId === ownerId).length;
  const form = (name: ChildForm) => ({ values: forms[name]?.values ?? {}, errors: forms[name]?.errors ?? {}, message: forms[name]?.message, open: !!forms[name] });
  // Each fact's source badge (hover: source, its date, who recorded it when).
  const names = d.names ?? new Map<number, string>();
  const badge = <T extends Parameters<typeof sourceBadge>[1]>(f: T) => ({ ...f, badge: sourceBadge(actor.locale, f, names) });
  const ledgers = [...d.rdLedgers].reverse().map((l): { year: number; badge: ReturnType<typeof sourceBadge> } & Record<string, unknown> => ({ ...l, badge: sourceBadge(actor.locale, l as Provenanced, names) }));
  return {
    title: file.enterprise.name,
    ...withoutEvidence(file),
    financials: file.financials.map((f) => ({ ...badge(f), documentCount: evidence('annual_financials', f.id) })),
    ipAssets: (file.ipAssets ?? []).map(badge),
    qualifications: file.qualifications.map((q) => ({ ...badge(q), documentCount: evidence('qualification', q.id) })),
    creditFlags: (file.creditFlags ?? []).map(badge),
    kpiCard: kpiCardView(actor.locale, d.kpis ?? [], (code) => areaLabel(actor.locale, d.district, code)),
    ladders: d.ladders ?? [],
    district: d.district,
    zone: d.zone,
    officer: d.officer,
    timeline: d.timeline,
    timelineKind: d.kind ?? '',
    activityKinds: ACTIVITY_KINDS,
    canEdit,
    canMerge: can.merge,
    canReportFigures: can.reportFigures,
    // Tasks and the timeline are staff-only (the same decision as the JSON API's).
    isEnterpriseUser: !seesInternal(actor),
    figureRows: FIGURE_FIELDS.map((field) => ({ field, money: isMoney(field), values: file.financials.map((f) => (f as unknown as Record<string, unknown>)[field]) })),
    reportYear,
    reportValues: file.financials.find((f) => f.year === reportYear) ?? {},
    rdLedgers: ledgers,
    rdLedgerRows: RD_EXPENSE_MONEY_FIELDS.map((field) => ({ field, values: ledgers.map((l) => l[field]) })),
    ledgerValues,
    ledgerProjects: ledgerProjects.map((p, i) => ({ ...p, n: i + 1 })),
    checks: d.checks,
    checkResults: CHECK_RESULTS,
    // An enterprise user records no checks; staff pick who answered (the IP office, Credit China …).
    factSources: FACT_SOURCES.filter((x) => x !== 'enterprise' && x !== 'import'),
    latestYear: file.financials[0]?.year,
    documents: current,
    documentOwners,
    canUpload: documentOwners.length > 0,
    uploadMaxMb: Math.round(d.uploadMaxBytes / 1048576),
    choices: { ipKinds: IP_KINDS, ipStatuses: IP_STATUSES, acquisitions: ACQUISITIONS, qualificationKinds: QUALIFICATION_KINDS, levels: QUALIFICATION_LEVELS, ranks: CONTEST_RANKS, flagKinds: FLAG_KINDS, activityTypes: ACTIVITY_TYPES },
    ipForm: form('ip'),
    qualificationForm: form('qualification'),
    flagForm: form('flag'),
    contactForm: form('contact'),
    activityForm: form('activity'),
    taskForm: form('task'),
  };
}

/** The merge page: the survivor, candidates, and (once a duplicate is named) what moves and which years conflict. */
export function mergePage<S, P extends { moves: Record<string, number> }>(actor: Actor, d: { survivor: S; typed: string; candidates: unknown[]; preview: P | null; lookupError: string | null }, extra: Record<string, unknown> = {}) {
  return {
    title: translate(actor.locale, 'merge.title'), survivor: d.survivor, typed: d.typed, candidates: d.candidates, preview: d.preview, lookupError: d.lookupError,
    moves: d.preview ? Object.entries(d.preview.moves).map(([key, count]) => ({ key, count })) : [],
    figureFields: FIGURE_FIELDS.map((field) => ({ field, money: isMoney(field) })),
    ...extra,
  };
}

/** The merge's result as flash messages: done, and which years kept whose figures. */
export function mergeFlash(locale: Actor['locale'], result: { duplicate: { name: string; uscc: string }; conflicts: { year: number; kept: string }[] }) {
  return [
    { type: 'success' as const, text: translate(locale, 'merge.done', { name: result.duplicate.name, uscc: result.duplicate.uscc }) },
    ...(result.conflicts.length ? [{ type: 'info' as const, text: translate(locale, 'merge.conflictsReport', { years: result.conflicts.map((c) => `${c.year} (${translate(locale, `merge.kept.${c.kept}`)})`).join(', ') }) }] : []),
  ];
}

/** The file's district by name when the code is its own (the KPI card's comparison section), else the code. */
function areaLabel(locale: string, district: unknown, code: string): string {
  const d = district as { code?: string; nameZh?: string; nameEn?: string } | null | undefined;
  if (!d || d.code !== code) return code;
  return (locale === 'en' ? d.nameEn : d.nameZh) ?? code;
}
