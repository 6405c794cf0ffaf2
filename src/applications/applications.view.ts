/**
 * Page models of the application pages (list, form, detail, batches, published lists): pure functions of
 * what the services answered, the actor and the language. No HTTP, no database — unit-tested in
 * applications.view.spec.ts; the controllers only gather (one service call) and render.
 */
import type { Actor } from '../auth/actor.js';
import type { FieldErrors } from '../common/form.js';
import { formatPercent, formatYuan } from '../common/format.js';
import { ownValue } from '../common/own-key.js';
import { pager, sortHeaders } from '../common/pager.js';
import { seesInternal } from '../enterprises/enterprise.policy.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { formatActual } from '../policy/actual-value.js';
import type { Json } from '../policy/engine/criteria.js';
import { ACTIVITY_TYPES, EXPERT_SCORE_FIELDS, HIGH_TECH_FIELDS, RD_EXPENSE_MONEY_FIELDS, TIERS } from '../policy/engine/facts.js';
import { CRITERION_LABELS, OUTCOME_LABELS, PROGRAM_OUTCOME_LABELS } from '../policy/engine/labels.js';
import { portalCan } from '../portal/portal.policy.js';
import type { District } from '../reference/district.entity.js';
import { APPLICATION_SORTS } from './application.dto.js';
import { decideCreateApplication, isCity, isEnterpriseUser } from './application.policy.js';
import type { ApplicationView } from './applications.service.js';
import { LIST_PROGRAMMES } from './batch.entity.js';
import { decideRunBatches } from './batch.policy.js';
import { CHECKLISTS } from './checklist.js';
import { htmlFieldOf, PROJECT_ROWS } from './form-fields.js';
import { ALL_STATUSES, APPLICATION_TYPES, SRDI_RUNGS, type ApplicationType } from './workflow/workflows.js';

/** A criterion's actual value for reading: lists joined, objects as "key: value" pairs. */
export const display = (value: unknown): string => {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length ? value.map(display).join(', ') : '—';
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${display(v)}`).join('; ');
  return String(value);
};

/** Field messages keyed by the form's input names (`data.x` → `x`). */
export function htmlErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, message] of Object.entries(errors)) out[htmlFieldOf(field)] ??= message;
  return out;
}

/** The badge colour of a status (Tabler classes). */
export function statusTone(status: string): string {
  if (['approved', 'certified', 'reviewed', 'repaid'].includes(status)) return 'bg-green-lt';
  if (['rejected', 'defaulted', 'compensated', 'disposed'].includes(status)) return 'bg-red-lt';
  if (['withdrawn', 'draft'].includes(status)) return 'bg-secondary-lt';
  if (['returned'].includes(status)) return 'bg-orange-lt';
  if (['public-notice'].includes(status)) return 'bg-purple-lt';
  return 'bg-blue-lt';
}

const labelOf = (table: Readonly<Record<string, Record<Locale, string>>>, key: string, locale: Locale) => ownValue(table, key)?.[locale] ?? key;

export interface CriterionRow { code: string; label: string; outcome: string; outcomeLabel: string; actual: string; required: string; explanation: string; sub: boolean; provisional: boolean }

export function criteriaRows(criteria: unknown, locale: Locale): CriterionRow[] {
  return ((criteria ?? []) as { code: string; outcome: string; actual: unknown; required: string; explanation: string; partOf?: string; provisional?: boolean }[]).map((c) => ({
    code: c.code,
    label: labelOf(CRITERION_LABELS, c.code, locale),
    outcome: c.outcome,
    outcomeLabel: labelOf(OUTCOME_LABELS, c.outcome, locale),
    actual: formatActual(c.code, (c.actual ?? null) as Json, locale),
    required: c.required,
    explanation: c.explanation,
    sub: !!c.partOf,
    provisional: !!c.provisional,
  }));
}

type SdAmountLike = { base: number; rate: number; extraDeduction: number; taxSaving: number; eitRate: number };

/** "Base × rate = extra deduction; tax saving at the EIT rate", formatted in the reader's language. */
export function amountText(a: SdAmountLike | null | undefined, locale: Locale): string | null {
  if (!a) return null;
  return translate(locale, 'application.amountLine', {
    base: formatYuan(a.base, locale), rate: formatPercent(a.rate, 0), extra: formatYuan(a.extraDeduction, locale), saving: formatYuan(a.taxSaving, locale), eit: formatPercent(a.eitRate, 0),
  });
}

type Evaluation = NonNullable<ApplicationView['evaluation']>;

/** The frozen evaluation as rows for the page (programme criteria, or IPP-* per pledged asset). */
export function evaluationModel(evaluation: Evaluation | null, locale: Locale) {
  if (!evaluation) return null;
  const r = evaluation.result;
  const outcome = String(r.outcome ?? evaluation.outcome);
  const criteria = criteriaRows(r.criteria, locale);
  const assets = ((r.assets ?? []) as { number: string; kind: string; outcome: string; criteria: unknown }[]).map((a) => ({ number: a.number, kind: a.kind, outcome: a.outcome, criteria: criteriaRows(a.criteria, locale) }));
  return {
    ...evaluation,
    outcomeLabel: labelOf(PROGRAM_OUTCOME_LABELS, outcome, locale),
    outcome,
    eligible: outcome === 'eligible',
    versions: Object.entries(evaluation.ruleSets).map(([program, version]) => `${program} ${version}`).join(', '),
    criteria,
    assets,
    unmet: unmetCriteria(criteria, assets),
    amount: r.amount ?? null,
    amountText: amountText(r.amount as SdAmountLike | undefined, locale),
    scoreText: r.score ? translate(locale, 'application.scoreRange', { min: (r.score as { min: number }).min, max: (r.score as { max: number }).max }) : null,
  };
}

/** Every criterion not met (unmet, missing data, uncertain), with the asset it belongs to for IPP-* checks. */
export function unmetCriteria(criteria: CriterionRow[], assets: { number: string; criteria: CriterionRow[] }[] = []) {
  const notMet = (c: CriterionRow) => c.outcome !== 'met';
  return [
    ...criteria.filter(notMet).map((c) => ({ ...c, asset: null as string | null })),
    ...assets.flatMap((a) => a.criteria.filter(notMet).map((c) => ({ ...c, asset: a.number }))),
  ];
}

/** An evaluation answered by the service but not frozen (the live check of a draft). */
export interface LiveEvaluation { asOf: unknown; ruleSets: unknown; outcome: unknown; result: unknown }

export function liveEvaluationModel(live: LiveEvaluation | null, locale: Locale, now: Date) {
  if (!live) return null;
  return evaluationModel({ id: 0, trigger: 'preview', asOf: String(live.asOf), frozenAt: now, ruleSets: live.ruleSets as Record<string, string>, outcome: String(live.outcome), input: {}, result: live.result as Record<string, unknown> }, locale);
}

/**
 * The warning before submit (issue 18): today's evaluation for the application's programme; when it is not
 * eligible, the unmet criteria and a confirmation the submit form requires.
 */
export function presubmitModel(live: LiveEvaluation | null, locale: Locale, now: Date) {
  const model = liveEvaluationModel(live, locale, now);
  if (!model) return null;
  return { outcome: model.outcome, outcomeLabel: model.outcomeLabel, eligible: model.eligible, needsConfirmation: !model.eligible, unmet: model.unmet, asOf: model.asOf };
}

/** The reviewer's summary at the top of the action panel: the frozen outcome and what it did not meet. */
export function reviewPanelModel(evaluation: ReturnType<typeof evaluationModel>) {
  if (!evaluation) return null;
  return { outcome: evaluation.outcome, outcomeLabel: evaluation.outcomeLabel, eligible: evaluation.eligible, asOf: evaluation.asOf, frozenAt: evaluation.frozenAt, unmet: evaluation.unmet };
}

export interface AssetOption { id: number; kind: string; number: string; title: string | null; expiresOn: string | null; coOwned: boolean }

const ticked = (v: unknown) => v === true || v === 'on' || v === 'true';

/** The type's form as rows the template iterates (values and messages already looked up). */
export function formModel(type: ApplicationType | null, values: Record<string, unknown>, errors: FieldErrors, assets: AssetOption[]) {
  const cell = (name: string, label: string) => ({ name, label, value: values[name] ?? '', error: errors[name] });
  return {
    rdRows: RD_EXPENSE_MONEY_FIELDS.map((f) => cell(`rd.${f}`, `rdField.${f}`)),
    rdFlags: ['manufacturing', 'icOrMachineTool', 'techSme'].map((f) => ({ name: `rd.${f}`, label: `rdField.${f}`, checked: ticked(values[`rd.${f}`]) })),
    rdYear: cell('rd.year', 'rdField.year'),
    scoreRows: EXPERT_SCORE_FIELDS.map((f) => cell(`score.${f}`, `score.${f}`)),
    projectRows: Array.from({ length: PROJECT_ROWS }, (_, i) => ({
      index: i, name: cell(`project.${i}.name`, 'appForm.projectName'), activityType: cell(`project.${i}.activityType`, 'appForm.activityType'),
    })),
    assetRows: assets.map((a) => ({
      ...a,
      checked: ticked(values[`asset.${a.id}`]),
      feesPaid: String(values[`asset.${a.id}.feesPaid`] ?? 'true'),
      disputed: String(values[`asset.${a.id}.disputed`] ?? 'false'),
      coOwnersConsented: String(values[`asset.${a.id}.coOwnersConsented`] ?? ''),
    })),
    isTier: type === 'tier-recognition',
    isHighTech: type === 'high-tech-certification',
    isSuperDeduction: type === 'super-deduction-precheck',
    isLoan: type === 'ip-pledge-loan',
    isSrdi: type === 'srdi-recognition',
    isRdPostSubsidy: type === 'rd-post-subsidy',
  };
}

export interface ListQuery { status?: string; type?: string; districtCode?: string; year?: number; overdue?: unknown; waiting?: unknown; q?: string; tier?: string; sort?: string }
export interface ListItem { status: string; enterprise?: { districtCode: string } | null }

export function applicationListPage<T extends ListItem>(actor: Actor, query: ListQuery, page: { items: T[]; total: number; page: number; pageSize: number }, districts: District[]) {
  const currentSort = query.sort ?? '-updatedAt';
  const filters = { status: query.status, type: query.type, districtCode: query.districtCode, year: query.year, overdue: query.overdue, waiting: query.waiting, q: query.q, tier: query.tier };
  const staff = seesInternal(actor);
  return {
    title: translate(actor.locale, 'nav.applications'),
    filters,
    query: { ...filters, sort: currentSort },
    statuses: ALL_STATUSES,
    types: APPLICATION_TYPES,
    tiers: TIERS,
    districts: staff ? districts : [],
    isStaff: staff,
    canCreate: decideCreateApplication(actor).allowed,
    canInvite: portalCan(actor, 'invite'),
    ...sortHeaders(APPLICATION_SORTS, currentSort),
    items: page.items.map((a) => ({ ...a, tone: statusTone(a.status), district: districts.find((d) => d.code === a.enterprise?.districtCode) })),
    total: page.total,
    page: page.page,
    ...pager(page.page, page.total, page.pageSize),
  };
}

/** What the new-application page was given: the chosen type, year and enterprise, and the form's values. */
export interface NewFormData {
  type: ApplicationType | null;
  tier: unknown;
  year: number;
  thisYear: number;
  uscc: unknown;
  enterprise: { id: number; uscc: string } | null;
  values: Record<string, unknown>;
  assets: AssetOption[];
  errors: FieldErrors;
}

export function newApplicationPage(actor: Actor, d: NewFormData, message?: string) {
  const now = d.thisYear;
  return {
    title: translate(actor.locale, 'application.new'),
    editing: false, action: '/applications',
    types: APPLICATION_TYPES, tiers: TIERS, srdiRungs: SRDI_RUNGS,
    years: d.type === 'super-deduction-precheck' ? [now, now - 1, now - 2, now - 3] : d.type === 'rd-post-subsidy' ? [now - 1, now - 2] : [now + 1, now, now - 1],
    claim: d.type === 'rd-post-subsidy' ? claimView(d.values.claim) : null,
    type: d.type, tier: d.tier ?? '', year: d.year, enterprise: d.enterprise, isEnterpriseUser: isEnterpriseUser(actor), uscc: d.uscc ?? d.enterprise?.uscc ?? '',
    values: d.values, errors: d.errors, message, fields: HIGH_TECH_FIELDS, activityTypes: ACTIVITY_TYPES,
    ...formModel(d.type, d.values, d.errors, d.assets),
    checklist: d.type ? CHECKLISTS[d.type].map((r) => r.code) : [],
  };
}

/** The same form for editing a draft or a returned application. */
export function editApplicationPage(actor: Actor, v: ApplicationView, values: Record<string, unknown>, assets: AssetOption[], errors: FieldErrors, message?: string) {
  return {
    title: `${v.reference} · ${translate(actor.locale, 'application.form')}`,
    editing: true, action: `/applications/${v.id}/form`, app: v,
    type: v.type, tier: v.tier ?? v.rung, year: v.year, enterprise: v.enterprise, values, errors, message, fields: HIGH_TECH_FIELDS, activityTypes: ACTIVITY_TYPES,
    ...formModel(v.type, values, errors, assets),
    checklist: [],
  };
}

const HIDDEN_FORM_KEYS = new Set(['availableAssets', 'assets', 'expertScores', 'rdExpenseDetail', 'claim']);

/** The post-subsidy claim computed from the file (rules.md §8), for the form: amount or why none. */
function claimView(claim: unknown): { amount: number | null; rdExpense?: number; priorRdExpense?: number; increase?: number; ratePercent?: string; cap?: number; capped?: boolean } | null {
  if (!claim || typeof claim !== 'object') return null;
  const c = claim as { amount?: unknown; rdExpense?: number; priorRdExpense?: number; increase?: number; rate?: number; cap?: number; capped?: boolean };
  const amount = typeof c.amount === 'number' ? c.amount : null;
  return { amount, rdExpense: c.rdExpense, priorRdExpense: c.priorRdExpense, increase: c.increase, ratePercent: typeof c.rate === 'number' ? `${(c.rate * 100).toFixed(1)}%` : undefined, cap: c.cap, capped: c.capped };
}

export interface DetailData {
  view: ApplicationView;
  district: District | undefined | null;
  /** Today's evaluation when asked for (`?preview=1`) on an editable application. */
  live: LiveEvaluation | null;
  /** Today's evaluation of a draft that can be submitted (the pre-submit warning). */
  presubmit: LiveEvaluation | null;
  today: string;
  now: Date;
}

/** The application's page: status, actions (with the reviewer's evaluation summary), documents, form, loan, evaluation. */
export function applicationDetailPage(actor: Actor, d: DetailData, form: { errors?: FieldErrors; message?: string } = {}) {
  const v = d.view;
  const locale = actor.locale;
  const isStaff = seesInternal(actor);
  const can = Object.fromEntries(v.allowedActions.map((a) => [a.action, a.allowed]));
  const formRows = Object.entries(v.form)
    .filter(([k, val]) => !HIDDEN_FORM_KEYS.has(k) && val !== null && val !== '')
    .map(([k, val]) => ({ label: `appForm.${k}`, money: k === 'requestedAmount', raw: val, value: k === 'highTechField' ? translate(locale, `field.${String(val)}`) : display(val) }));
  const rd = (v.form.rdExpenseDetail ?? null) as Record<string, unknown> | null;
  const evaluation = evaluationModel(v.evaluation, locale);
  return {
    title: `${v.reference} · ${v.enterprise?.name ?? ''}`,
    app: v,
    tone: statusTone(v.status),
    district: d.district,
    isStaff,
    isManager: isCity(actor),
    evaluation,
    // Reviewers see the frozen outcome and its unmet criteria above their buttons.
    review: isStaff && v.status !== 'draft' ? reviewPanelModel(evaluation) : null,
    presubmit: presubmitModel(d.presubmit, locale, d.now),
    errors: form.errors ?? {},
    message: form.message,
    live: liveEvaluationModel(d.live, locale, d.now),
    formRows,
    rdRows: rd ? [...RD_EXPENSE_MONEY_FIELDS.filter((f) => rd[f] !== undefined).map((f) => ({ label: `rdField.${f}`, value: rd[f], money: true })), { label: 'rdField.year', value: rd.year, money: false }] : [],
    projects: rd ? ((rd.projects ?? []) as { name?: string; activityType: string }[]) : [],
    scores: Object.entries((v.form.expertScores ?? {}) as Record<string, number>).map(([k, val]) => ({ label: `score.${k}`, value: val })),
    requirements: v.checklist.map((c) => c.code),
    history: v.history.slice().reverse(),
    canRecordObjection: !!can.recordObjection,
    canResolveObjection: !!can.resolveObjection,
    canRepay: !!can.repay,
    canGrant: !!can.grantSubsidy && !!v.loan,
    today: d.today,
    openInterestYears: v.loan?.interestByYear.filter((y) => !y.granted) ?? [],
    decisionAmountText: amountText((v.decision?.amount ?? null) as SdAmountLike | null, locale),
    canGrantAppraisal: !!can.grantSubsidy && !!v.loan && v.loan.appraisalFee !== null && !v.loan.subsidies.some((s) => s.kind === 'appraisal'),
  };
}

export function batchesPage<T>(actor: Actor, items: T[], thisYear: number, form: { values?: Record<string, unknown>; errors?: FieldErrors } = {}) {
  return {
    title: translate(actor.locale, 'batch.title'),
    items,
    programmes: LIST_PROGRAMMES,
    thisYear,
    canManage: decideRunBatches(actor).allowed,
    values: form.values ?? {},
    errors: form.errors ?? {},
  };
}

export function batchPage<B extends { name: string; allowedActions: { action: string }[] }>(actor: Actor, batch: B, today: string, noticeDays: number) {
  // One entry per action of the batch's stage: `can.announce.allowed`, `can.announce.reason`.
  const can = Object.fromEntries(batch.allowedActions.map((a) => [a.action, a]));
  return { title: batch.name, batch, canManage: decideRunBatches(actor).allowed, can, today, noticeDays };
}

export interface PublishedRow { year: number; batch: string; enterprise: string; districtCode: string; announcedOn: string }

/** A published list's rows with district names in the reader's language. */
export function publishedRows<R extends PublishedRow>(rows: R[], districts: District[], locale: Locale) {
  return rows.map((r) => {
    const d = districts.find((x) => x.code === r.districtCode);
    return { ...r, district: d ? (locale === 'en' ? d.nameEn : d.nameZh) : r.districtCode };
  });
}

export function publishedListPage(programme: string, year: number, rows: ReturnType<typeof publishedRows>, locale: Locale) {
  const programmeLabel = translate(locale, `programme.${programme}`);
  return { title: `${programmeLabel} ${year}`, programme, programmeLabel, year, rows: rows.map((r, i) => ({ ...r, n: i + 1 })), csvUrl: `/lists/${programme}/${year}.csv` };
}

/** The CSV of a published list: header and cells in the reader's language. */
export function publishedCsv(programme: string, rows: ReturnType<typeof publishedRows>, locale: Locale) {
  const programmeLabel = translate(locale, `programme.${programme}`);
  return {
    programmeLabel,
    header: ['programme', 'year', 'batch', 'enterprise', 'district', 'announcedOn'].map((c) => translate(locale, `lists.col.${c}`)),
    rows: rows.map((r) => [programmeLabel, r.year, r.batch, r.enterprise, r.district, r.announcedOn]),
  };
}
