import { Injectable } from '@nestjs/common';
import { validateForm } from '../common/form.js';
import { todayIso } from '../common/format.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { ReferenceService } from '../reference/reference.service.js';
import { LaddersService } from '../ladder/ladders.service.js';
import { evaluate } from './engine/evaluate.js';
import { ACTIVITY_TYPES, ALL_PROGRAMS, CONTEST_RANKS, EXPERT_SCORE_FIELDS, FINANCIAL_COUNT_FIELDS, HIGH_TECH_FIELDS, TAX_MODES } from './engine/facts.js';
import { SRDI_SELF_CHECK_FIELDS } from '../srdi/srdi-self-check.js';
import { eligibilityView } from './eligibility-view.js';
import { RuleSetsService } from './rule-sets/rule-sets.service.js';
import {
  factsFromSelfCheck, SELF_CHECK_CHOICES, SELF_CHECK_EVENTS, SELF_CHECK_FIGURES, SELF_CHECK_IP, SELF_CHECK_LEVELED, SELF_CHECK_LISTS,
  SELF_CHECK_RD, selfCheckCrossErrors, selfCheckDto, selfCheckFieldNames, selfCheckLabels, selfCheckYears, type SelfCheckForm,
} from './self-check.js';

/** Where the form posts and whether it is the public pre-screener (no sign-in, "sign in to apply" at the end). */
export interface SelfCheckFace {
  action: string;
  public: boolean;
}
export const SIGNED_IN_SELF_CHECK: SelfCheckFace = { action: '/eligibility/check', public: false };
export const PUBLIC_PRE_SCREEN: SelfCheckFace = { action: '/policies/pre-screen', public: true };

/**
 * The self-check calculator, shared by the signed-in page (/eligibility/check) and the public
 * pre-screener (/policies/pre-screen): parse the flat form, validate it with field messages in the
 * user's language, evaluate every programme, store nothing.
 */
@Injectable()
export class SelfCheckService {
  constructor(
    private readonly ruleSets: RuleSetsService,
    private readonly reference: ReferenceService,
    private readonly ladders: LaddersService,
  ) {}

  /** The year N of a self-check made today. */
  year(): number {
    return Number(todayIso().slice(0, 4));
  }

  /** A posted form evaluated: 200 with the result, or 422 with the typed values and a message per field. */
  async run(locale: Locale, body: Record<string, unknown>, face: SelfCheckFace): Promise<{ status: 200 | 422; page: Awaited<ReturnType<SelfCheckService['page']>> }> {
    const asOf = todayIso();
    const n = Number(asOf.slice(0, 4));
    // Only the form's own fields (a stale page's extra inputs are ignored, not an error).
    const known = selfCheckFieldNames(n);
    const rest = Object.entries(body ?? {}).filter(([k]) => known.has(k));
    // Thousands separators and spaces are typing, not content (the form has no free text).
    const form = Object.fromEntries(rest.map(([k, v]) => [k, typeof v === 'string' ? v.replace(/[,，\s]/g, '').slice(0, 64) : ''])) as SelfCheckForm;
    const checked = await validateForm(selfCheckDto(n), form, locale, selfCheckLabels(n));
    const cross = checked.ok ? selfCheckCrossErrors(form) : {};
    if (!checked.ok || Object.keys(cross).length) {
      const labels = selfCheckLabels(n) as Record<string, string>;
      const errors = checked.ok
        ? Object.fromEntries(Object.entries(cross).map(([k, v]) => [k, translate(locale, v, { label: translate(locale, labels[k] ?? k) })]))
        : checked.errors;
      return { status: 422, page: await this.page(locale, n, form, null, errors, face) };
    }
    const ladders = await this.ladders.all();
    const response = evaluate({ asOf, programs: ALL_PROGRAMS, facts: factsFromSelfCheck(form, n) }, await this.ruleSets.resolve(asOf), { locale, ladders });
    return { status: 200, page: await this.page(locale, n, form, eligibilityView(response, locale, ladders), {}, face) };
  }

  /** The page's model: the form (typed values, field messages) and, once evaluated, the result. */
  async page(locale: Locale, n: number, form: SelfCheckForm, result: ReturnType<typeof eligibilityView> | null, errors: Record<string, string>, face: SelfCheckFace) {
    const years = selfCheckYears(n);
    const field = (name: string) => ({ name, value: form[name] ?? '', error: errors[name] });
    const yesNo = (name: string) => ({ ...field(name), options: ['true', 'false'] });
    return {
      title: translate(locale, face.public ? 'handbook.preScreen' : 'nav.eligibility'),
      face,
      values: form,
      errors,
      years,
      ledgerYear: n - 1,
      districts: await this.reference.districts(),
      fields: HIGH_TECH_FIELDS,
      taxModes: TAX_MODES,
      figureRows: SELF_CHECK_FIGURES.map((figure) => ({
        figure, money: !(FINANCIAL_COUNT_FIELDS as readonly string[]).includes(figure),
        cells: years.map((y) => field(`${figure}_${y}`)),
      })),
      ipRows: SELF_CHECK_IP.map((kind) => ({ kind, ...field(`ip_${kind}`) })),
      checks: ['ipChecked', 'qualificationsChecked', 'creditChecked', 'rdLedger', 'restrictedCategory', 'software', 'rdManufacturing'].map(yesNo),
      lists: SELF_CHECK_LISTS.map(([kind, p]) => ({ kind, listed: field(`${p}ListedOn`), removed: field(`${p}RemovedOn`) })),
      events: SELF_CHECK_EVENTS.map(([kind, name]) => ({ kind, ...field(name) })),
      dates: ['hnteOn', 'tianjinHighTechOn'].map(field),
      leveled: SELF_CHECK_LEVELED.map((kind) => ({ kind, ...field(SELF_CHECK_CHOICES.LEVELED_FIELD[kind]), options: SELF_CHECK_CHOICES.LEVELS_OF[kind] })),
      contest: { ...field('contestRank'), options: CONTEST_RANKS },
      venture: field('venture'),
      scores: EXPERT_SCORE_FIELDS.map((k) => ({ key: k, ...field(`score_${k}`) })),
      rdRows: SELF_CHECK_RD.map((k) => ({ key: k, ...field(`rd_${k}`) })),
      activity: { ...field('rdActivity'), options: ACTIVITY_TYPES },
      srdiRows: SRDI_SELF_CHECK_FIELDS.map((f) => ({ ...field(f.name), options: f.options, isDate: f.kind === 'date' || f.kind === 'until', is_money: f.kind === 'money' })),
      result,
    };
  }
}
