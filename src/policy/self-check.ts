import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsCalendarDate, IsPastDate, IsUscc } from '../common/validators.js';
import type { FieldLabels } from '../common/validation-messages.js';
import { srdiFormFromFacts, srdiFromSelfCheck, srdiSelfCheckFields } from '../srdi/srdi-self-check.js';
import type { CreditFlag, ExpertScores, Facts, FinancialYear, IpAssetFact, QualificationFact, RdExpenseDetail } from './engine/facts.js';
import {
  ACTIVITY_TYPES, CLASS_I_KINDS, CLASS_II_KINDS, CONTEST_RANKS, EXPERT_SCORE_FIELDS, FINANCIAL_COUNT_FIELDS, FINANCIAL_MONEY_FIELDS,
  HIGH_TECH_FIELDS, RD_COST_FIELDS, TAX_MODES,
} from './engine/facts.js';

/**
 * The self-check calculator: a flat HTML form → engine facts, and stored facts → the same form.
 * It asks every fact the programmes read (rules.md): four completed years (gazelle's growth needs
 * N-4…N-1), non-taxable income (HNTE's total-income base), the credit lists with their dates,
 * the restricted category, IP and qualifications by kind, optional expert self-assessment and an
 * optional R&D ledger. All money is entered in 万元 and converted exactly (fen arithmetic on the
 * typed digits, never a float multiplication). Nothing is stored.
 */

/** Fiscal years asked, N-4 … N-1 (gazelle's compound growth spans four years). */
export const SELF_CHECK_YEAR_COUNT = 4;
export const SELF_CHECK_FIGURES = [...FINANCIAL_MONEY_FIELDS, ...FINANCIAL_COUNT_FIELDS] as const;
const COUNTS = new Set<string>(FINANCIAL_COUNT_FIELDS);
export const SELF_CHECK_IP = [...CLASS_I_KINDS, ...CLASS_II_KINDS] as const;
/** Qualifications with a level (the engine's leveled paths); their date is taken as mid-year N-1. */
export const SELF_CHECK_LEVELED = ['rd-institution', 'st-award', 'st-project', 'standard-drafting'] as const;
const LEVELED_FIELD = { 'rd-institution': 'rdInstitutionLevel', 'st-award': 'stAwardLevel', 'st-project': 'stProjectLevel', 'standard-drafting': 'standardLevel' } as const;
const LEVELS_OF = {
  'rd-institution': ['national', 'provincial', 'local'],
  'st-award': ['national', 'provincial'],
  'st-project': ['national', 'provincial', 'local'],
  'standard-drafting': ['international', 'national', 'industry', 'local', 'group'],
} as const;
export const SELF_CHECK_RD = [...RD_COST_FIELDS, 'byProductIncome', 'fiscalFunds'] as const;
/** Credit kinds: the two lists with listing and removal dates, the other records with their date. */
export const SELF_CHECK_LISTS = [['abnormal-operation', 'abnormal'], ['serious-dishonesty', 'dishonest']] as const;
export const SELF_CHECK_EVENTS = [['research-misconduct', 'misconductOn'], ['major-accident', 'accidentOn'], ['environmental-violation', 'environmentalOn']] as const;

export type SelfCheckForm = Record<string, string>;

/** 万元 with at most six decimals (= whole fen), at most 10¹³ yuan. */
const WAN_RE = /^\d{1,9}(\.\d{1,6})?$/;
const COUNT_RE = /^\d{1,7}$/;
const BOOL = ['true', 'false'];

/** Exact 万元 → yuan: the digits become fen (10⁶ fen per 万元), then yuan with two decimals. */
export function wanToYuan(raw: string): number {
  const [int, frac = ''] = raw.split('.');
  const fen = BigInt(int!) * 1_000_000n + BigInt((frac + '000000').slice(0, 6));
  return Number(fen) / 100;
}

/** Exact yuan → 万元 (trailing zeros dropped). */
export function yuanToWan(yuan: number): string {
  const fen = BigInt(Math.round(yuan * 100));
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const frac = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${abs / 1_000_000n}${frac ? `.${frac}` : ''}`;
}

function scoreRe(max: number): RegExp {
  // 0 … max with up to one decimal.
  return new RegExp(`^(([0-${max - 1}])(\\.\\d)?|${max}(\\.0)?)$`);
}

/** The names of the per-year inputs for evaluation year n. */
export function selfCheckYears(n: number): number[] {
  return Array.from({ length: SELF_CHECK_YEAR_COUNT }, (_, i) => n - SELF_CHECK_YEAR_COUNT + i);
}

type Decorate = (target: object, key: string) => void;
const money: Decorate[] = [IsOptional(), Matches(WAN_RE, { message: 'selfCheck.wanYuan' })];
const count: Decorate[] = [IsOptional(), Matches(COUNT_RE, { message: 'selfCheck.wholeNumber' })];
const date: Decorate[] = [IsOptional(), IsCalendarDate(), IsPastDate()];
const choice = (values: readonly string[]): Decorate[] => [IsOptional(), IsIn(values)];

/** The static fields of the form and their rules; the per-year figures are added per evaluation year. */
function staticFields(): Record<string, Decorate[]> {
  const f: Record<string, Decorate[]> = {
    uscc: [IsOptional(), IsUscc()],
    establishedOn: date,
    districtCode: [IsOptional(), Matches(/^\d{6}$/)],
    industryCode: [IsOptional(), Matches(/^[A-T]\d{2,4}$/)],
    taxMode: choice(TAX_MODES),
    highTechField: choice([...HIGH_TECH_FIELDS, 'none']),
    rdLedger: choice(BOOL),
    restrictedCategory: choice(BOOL),
    creditChecked: choice(BOOL),
    ipChecked: choice(BOOL),
    qualificationsChecked: choice(BOOL),
    hnteOn: date,
    tianjinHighTechOn: date,
    software: choice(BOOL),
    venture: money,
    contestRank: choice(CONTEST_RANKS),
    rdManufacturing: choice(BOOL),
    rdActivity: choice(ACTIVITY_TYPES),
  };
  for (const [, prefix] of SELF_CHECK_LISTS) f[`${prefix}ListedOn`] = f[`${prefix}RemovedOn`] = date;
  for (const [, name] of SELF_CHECK_EVENTS) f[name] = date;
  for (const kind of SELF_CHECK_IP) f[`ip_${kind}`] = count;
  for (const kind of SELF_CHECK_LEVELED) f[LEVELED_FIELD[kind]] = choice(LEVELS_OF[kind]);
  const maxima: Record<string, number> = { techAdvancement: 8, coreSupport: 8, acquisition: 6, standardsBonus: 2, rdManagement: 6, rdInstitution: 6, transformationIncentive: 4, talent: 4 };
  for (const k of EXPERT_SCORE_FIELDS) f[`score_${k}`] = [IsOptional(), Matches(scoreRe(maxima[k]!), { message: 'selfCheck.score' })];
  for (const k of SELF_CHECK_RD) f[`rd_${k}`] = money;
  // The SRDI programmes' questions (rules.md §7; src/srdi/srdi-self-check.ts).
  Object.assign(f, srdiSelfCheckFields());
  return f;
}

const dtoCache = new Map<number, new () => SelfCheckForm>();

/** The form's DTO for evaluation year n (the year columns are named by calendar year). */
export function selfCheckDto(n: number): new () => SelfCheckForm {
  let cls = dtoCache.get(n);
  if (cls) return cls;
  cls = class SelfCheckDto {} as unknown as new () => SelfCheckForm;
  const fields = staticFields();
  for (const y of selfCheckYears(n)) for (const f of SELF_CHECK_FIGURES) fields[`${f}_${y}`] = COUNTS.has(f) ? count : money;
  for (const [name, decorators] of Object.entries(fields)) for (const d of decorators) d(cls.prototype as object, name);
  dtoCache.set(n, cls);
  return cls;
}

/** Every input of the form for evaluation year n. */
export function selfCheckFieldNames(n: number): Set<string> {
  const names = new Set(Object.keys(staticFields()));
  for (const y of selfCheckYears(n)) for (const f of SELF_CHECK_FIGURES) names.add(`${f}_${y}`);
  return names;
}

/** Catalogue keys naming each field in messages (a year cell is named by its figure; the column says the year). */
export function selfCheckLabels(n: number): FieldLabels {
  const labels: Record<string, string> = {};
  for (const y of selfCheckYears(n)) for (const f of SELF_CHECK_FIGURES) labels[`${f}_${y}`] = `figure.${f}`;
  for (const kind of SELF_CHECK_IP) labels[`ip_${kind}`] = `ipKind.${kind}`;
  for (const k of EXPERT_SCORE_FIELDS) labels[`score_${k}`] = `score.${k}`;
  for (const k of SELF_CHECK_RD) labels[`rd_${k}`] = `selfCheck.rd.${k}`;
  for (const k of Object.keys(staticFields())) if (!labels[k] && !['uscc', 'establishedOn', 'districtCode', 'industryCode', 'taxMode', 'highTechField', 'rdLedger', 'restrictedCategory'].includes(k)) labels[k] = `selfCheck.field.${k}`;
  return labels;
}

/** Problems across fields (a removal before its listing); message keys. */
export function selfCheckCrossErrors(form: SelfCheckForm): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [, p] of SELF_CHECK_LISTS) {
    const listed = form[`${p}ListedOn`];
    const removed = form[`${p}RemovedOn`];
    if (removed && !listed) errors[`${p}ListedOn`] = 'selfCheck.listedOnNeeded';
    else if (removed && listed && removed < listed) errors[`${p}RemovedOn`] = 'selfCheck.removedBeforeListed';
  }
  return errors;
}

const given = (v: string | undefined): v is string => v !== undefined && v !== null && String(v).trim() !== '';

/** Validated form values → engine facts for evaluation year n. */
export function factsFromSelfCheck(form: SelfCheckForm, n: number): Facts {
  const mid = `${n - 1}-06-30`;
  const enterprise: Facts['enterprise'] & { flags: CreditFlag[] } = { flags: [] };
  if (given(form.uscc)) enterprise.uscc = form.uscc.trim().toUpperCase();
  if (given(form.establishedOn)) enterprise.establishedOn = form.establishedOn;
  if (given(form.districtCode)) enterprise.districtCode = form.districtCode;
  if (given(form.industryCode)) enterprise.industryCode = form.industryCode;
  if (given(form.taxMode)) enterprise.taxMode = form.taxMode as never;
  if (given(form.highTechField)) enterprise.highTechField = form.highTechField === 'none' ? null : (form.highTechField as never);
  for (const k of ['rdLedger', 'restrictedCategory'] as const) if (given(form[k])) enterprise[k] = form[k] === 'true';
  // Not confirmed as complete → an empty list is unknown (missing), never none.
  for (const k of ['creditChecked', 'ipChecked', 'qualificationsChecked'] as const) enterprise[k] = form[k] === 'true';
  for (const [kind, p] of SELF_CHECK_LISTS) {
    if (!given(form[`${p}ListedOn`])) continue;
    enterprise.flags.push({ kind, listedOn: form[`${p}ListedOn`], ...(given(form[`${p}RemovedOn`]) ? { removedOn: form[`${p}RemovedOn`] } : {}) });
  }
  for (const [kind, name] of SELF_CHECK_EVENTS) if (given(form[name])) enterprise.flags.push({ kind, on: form[name] });

  const financials: FinancialYear[] = [];
  for (const year of selfCheckYears(n)) {
    const fy: Record<string, number> = { year };
    for (const f of SELF_CHECK_FIGURES) {
      const raw = form[`${f}_${year}`];
      if (given(raw)) fy[f] = COUNTS.has(f) ? Number(raw) : wanToYuan(raw);
    }
    if (Object.keys(fy).length > 1) financials.push(fy as unknown as FinancialYear);
  }

  // IP by kind: owned, valid, related to the main products (a self-check cannot ask item by item).
  const ipAssets: IpAssetFact[] = [];
  for (const kind of SELF_CHECK_IP) {
    const c = Math.min(Number(form[`ip_${kind}`] || 0), 500);
    for (let i = 0; i < c; i++) ipAssets.push({ kind, status: 'valid', acquisition: 'own', relatedToMainProducts: true, usedInHighTechApplication: false });
  }

  const qualifications: QualificationFact[] = [];
  if (given(form.hnteOn)) qualifications.push({ kind: 'hnte-certificate', on: form.hnteOn });
  if (given(form.tianjinHighTechOn)) qualifications.push({ kind: 'tianjin-high-tech-certificate', on: form.tianjinHighTechOn });
  if (form.software === 'true') qualifications.push({ kind: 'software-enterprise-certificate', on: mid }, { kind: 'software-product-certificate', on: mid });
  if (given(form.venture)) qualifications.push({ kind: 'venture-investment', on: mid, amount: wanToYuan(form.venture) });
  if (given(form.contestRank)) qualifications.push({ kind: 'contest-award', rank: form.contestRank as never, level: 'national', on: mid });
  for (const kind of SELF_CHECK_LEVELED) {
    const level = form[LEVELED_FIELD[kind]];
    if (!given(level)) continue;
    qualifications.push({ kind, level: level as never, on: mid, ...(kind === 'st-award' ? { unitRank: 1 } : {}), ...(kind === 'standard-drafting' ? { drafterRank: 1 } : {}) });
  }

  const facts: Facts = { enterprise, financials, ipAssets, qualifications };
  const scores: ExpertScores = {};
  for (const k of EXPERT_SCORE_FIELDS) if (given(form[`score_${k}`])) scores[k] = Number(form[`score_${k}`]);
  if (Object.keys(scores).length) facts.expertScores = scores;

  // The R&D ledger of N-1, optional: only when at least one category is given.
  const rd: Record<string, unknown> = { year: n - 1 };
  for (const k of SELF_CHECK_RD) if (given(form[`rd_${k}`])) rd[k] = wanToYuan(form[`rd_${k}`]!);
  if (Object.keys(rd).length > 1 || given(form.rdActivity)) {
    if (given(form.rdManufacturing)) rd.manufacturing = form.rdManufacturing === 'true';
    if (given(form.rdActivity)) rd.projects = [{ activityType: form.rdActivity }];
    facts.rdExpenseDetail = rd as RdExpenseDetail;
  }
  const srdi = srdiFromSelfCheck(form, n, wanToYuan);
  if (srdi) facts.srdi = srdi;
  return facts;
}

/** The form values that reproduce stored facts (to prefill the self-check from a file). */
export function formFromFacts(facts: Facts, n: number): SelfCheckForm {
  const form: SelfCheckForm = {};
  const e = facts.enterprise;
  for (const k of ['uscc', 'establishedOn', 'districtCode', 'industryCode', 'taxMode'] as const) if (e[k]) form[k] = String(e[k]);
  if (e.highTechField !== undefined) form.highTechField = e.highTechField ?? 'none';
  for (const k of ['rdLedger', 'restrictedCategory', 'creditChecked', 'ipChecked', 'qualificationsChecked'] as const) if (e[k] !== undefined) form[k] = String(e[k]);
  for (const [kind, p] of SELF_CHECK_LISTS) {
    // The latest listing of the kind (the one that decides the look-back).
    const f = (e.flags ?? []).filter((x) => x.kind === kind).sort((a, b) => String(a.listedOn ?? a.on).localeCompare(String(b.listedOn ?? b.on))).pop();
    if (!f) continue;
    form[`${p}ListedOn`] = String(f.listedOn ?? f.on);
    if (f.removedOn) form[`${p}RemovedOn`] = f.removedOn;
  }
  for (const [kind, name] of SELF_CHECK_EVENTS) {
    const on = (e.flags ?? []).filter((x) => x.kind === kind).map((x) => String(x.on ?? x.listedOn)).sort().pop();
    if (on) form[name] = on;
  }
  const years = new Set(selfCheckYears(n));
  for (const fy of facts.financials ?? []) {
    if (!years.has(fy.year)) continue;
    for (const f of SELF_CHECK_FIGURES) {
      const v = (fy as unknown as Record<string, number | undefined>)[f];
      if (v !== undefined) form[`${f}_${fy.year}`] = COUNTS.has(f) ? String(v) : yuanToWan(v);
    }
  }
  const asOf = `${n}-01-01`;
  const ips = facts.ipAssets ?? [];
  for (const kind of SELF_CHECK_IP) {
    const c = ips.filter((a) => a.kind === kind && a.status === 'valid' && (!a.expiresOn || a.expiresOn >= asOf)).length;
    if (c || e.ipChecked) form[`ip_${kind}`] = String(c);
  }
  const quals = facts.qualifications ?? [];
  const latest = (kind: string) => quals.filter((q) => q.kind === kind && q.on).map((q) => q.on!).sort().pop();
  const hnte = latest('hnte-certificate');
  if (hnte) form.hnteOn = hnte;
  const tj = latest('tianjin-high-tech-certificate');
  if (tj) form.tianjinHighTechOn = tj;
  if (quals.some((q) => q.kind === 'software-enterprise-certificate') && quals.some((q) => q.kind === 'software-product-certificate')) form.software = 'true';
  const venture = quals.filter((q) => q.kind === 'venture-investment').map((q) => q.amount ?? 0);
  if (venture.length) form.venture = yuanToWan(Math.max(...venture));
  const ranks = quals.filter((q) => q.kind === 'contest-award' && q.rank).map((q) => CONTEST_RANKS.indexOf(q.rank!));
  if (ranks.length) form.contestRank = CONTEST_RANKS[Math.max(...ranks)]!;
  for (const kind of SELF_CHECK_LEVELED) {
    const allowed = LEVELS_OF[kind] as readonly string[];
    const best = allowed.find((l) => quals.some((q) => q.kind === kind && q.level === l));
    if (best) form[LEVELED_FIELD[kind]] = best;
  }
  for (const k of EXPERT_SCORE_FIELDS) if (facts.expertScores?.[k] !== undefined) form[`score_${k}`] = String(facts.expertScores[k]);
  const rd = facts.rdExpenseDetail;
  if (rd && (rd.year ?? n - 1) === n - 1) {
    for (const k of SELF_CHECK_RD) if (rd[k] !== undefined) form[`rd_${k}`] = yuanToWan(rd[k]!);
    if (rd.manufacturing !== undefined) form.rdManufacturing = String(rd.manufacturing);
    const first = rd.projects?.[0];
    if (first) form.rdActivity = first.activityType;
  }
  Object.assign(form, srdiFormFromFacts(facts, n, yuanToWan));
  return form;
}

export const SELF_CHECK_CHOICES = { LEVELS_OF, LEVELED_FIELD };
