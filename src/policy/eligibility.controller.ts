import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Res } from '@nestjs/common';
import { policyCan } from './policy-module.policy.js';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { validateForm } from '../common/form.js';
import { todayIso } from '../common/format.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { translate } from '../i18n/i18n.js';
import { ReferenceService } from '../reference/reference.service.js';
import { evaluate } from './engine/evaluate.js';
import { ACTIVITY_TYPES, ALL_PROGRAMS, CONTEST_RANKS, EXPERT_SCORE_FIELDS, FINANCIAL_COUNT_FIELDS, HIGH_TECH_FIELDS, TAX_MODES } from './engine/facts.js';
import { SRDI_SELF_CHECK_FIELDS } from '../srdi/srdi-self-check.js';
import { PROGRAM_LABELS } from './engine/labels.js';
import { EligibilityQueryDto } from './eligibility.dto.js';
import { EligibilityService } from './eligibility.service.js';
import { eligibilityView } from './eligibility-view.js';
import { RuleSetsService } from './rule-sets/rule-sets.service.js';
import { LaddersService } from '../ladder/ladders.service.js';
import {
  factsFromSelfCheck, formFromFacts, SELF_CHECK_CHOICES, SELF_CHECK_EVENTS, SELF_CHECK_FIGURES, SELF_CHECK_IP, SELF_CHECK_LEVELED, SELF_CHECK_LISTS,
  SELF_CHECK_RD, selfCheckCrossErrors, selfCheckDto, selfCheckFieldNames, selfCheckLabels, selfCheckYears, type SelfCheckForm,
} from './self-check.js';

const idPipe = (what: string) => new ParseIntPipe({ exceptionFactory: () => new NotFoundError(what) });

/** The eligibility panel of a file, its evaluation history, and the self-check calculator. */
@ApiExcludeController()
@Controller()
export class EligibilityController {
  constructor(
    private readonly eligibility: EligibilityService,
    private readonly enterprises: EnterprisesService,
    private readonly ruleSets: RuleSetsService,
    private readonly reference: ReferenceService,
    private readonly ladders: LaddersService,
  ) {}

  @Get('enterprises/:id/eligibility')
  @Render('policy/eligibility')
  async panel(@CurrentActor() actor: Actor, @Param('id', idPipe('Enterprise')) id: number, @Query() query: EligibilityQueryDto) {
    const enterprise = await this.enterprises.get(actor, id);
    const result = await this.eligibility.evaluateEnterprise(actor, id, query.asOf);
    return {
      title: `${enterprise.name} · ${translate(actor.locale, 'eligibility.title')}`,
      enterprise: { id: enterprise.id, name: enterprise.name, uscc: enterprise.uscc },
      canRecord: policyCan(actor, 'recordEvaluation'),
      ...eligibilityView(result, actor.locale, await this.ladders.all()),
    };
  }

  @Post('enterprises/:id/evaluations')
  @Roles('admin', 'manager', 'officer')
  async record(@CurrentActor() actor: Actor, @Param('id', idPipe('Enterprise')) id: number, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const asOf = typeof body.asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(body.asOf) ? body.asOf : undefined;
    const { evaluationId } = await this.eligibility.recordEvaluation(actor, id, 'manual', asOf);
    res.redirect(303, `/evaluations/${evaluationId}`);
  }

  @Get('enterprises/:id/evaluations')
  @Render('policy/history')
  async history(@CurrentActor() actor: Actor, @Param('id', idPipe('Enterprise')) id: number) {
    const enterprise = await this.enterprises.get(actor, id);
    const items = await this.eligibility.history(actor, id);
    const programs = Object.keys(PROGRAM_LABELS).filter((p) => p !== 'ip-pledge');
    return {
      title: `${enterprise.name} · ${translate(actor.locale, 'evaluation.history')}`,
      enterprise: { id: enterprise.id, name: enterprise.name },
      programs: programs.map((p) => PROGRAM_LABELS[p as keyof typeof PROGRAM_LABELS][actor.locale]),
      items: items.map((e) => ({ ...e, cells: programs.map((p) => e.outcomes[p] ?? '') })),
    };
  }

  @Get('evaluations/:id')
  @Render('policy/eligibility')
  async show(@CurrentActor() actor: Actor, @Param('id', idPipe('Evaluation')) id: number) {
    const { evaluation, response, reproduced } = await this.eligibility.showEvaluation(actor, id);
    const enterprise = await this.enterprises.get(actor, evaluation.enterpriseId);
    return {
      title: `${enterprise.name} · ${translate(actor.locale, 'evaluation.recorded')}`,
      enterprise: { id: enterprise.id, name: enterprise.name, uscc: enterprise.uscc },
      recorded: { id: evaluation.id, createdAt: evaluation.createdAt, source: evaluation.source, versions: [...Object.entries(evaluation.ruleSets).map(([p, v]) => `${p} ${v}`), ...(evaluation.engineVersion ? [`engine ${evaluation.engineVersion}`] : [])].join(' · '), reproduced },
      ...eligibilityView(response, actor.locale, await this.ladders.all()),
    };
  }

  @Get('eligibility/check')
  @Render('policy/self-check')
  async selfCheckForm(@CurrentActor() actor: Actor, @Query('enterpriseId') enterpriseId?: string) {
    const asOf = todayIso();
    const n = Number(asOf.slice(0, 4));
    let form: SelfCheckForm = {};
    // An enterprise user starts from its own file; an officer from `?enterpriseId=` (scope-checked, unknown → 404).
    const source = policyCan(actor, 'selfCheckOwnFile') ? actor.enterpriseId : enterpriseId && /^\d+$/.test(enterpriseId) ? Number(enterpriseId) : null;
    if (source) form = formFromFacts(await this.eligibility.factsOf(actor, source, asOf), n);
    return this.selfCheckModel(actor, n, form, null, {});
  }

  @Post('eligibility/check')
  async selfCheck(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const asOf = todayIso();
    const n = Number(asOf.slice(0, 4));
    // Only the form's own fields (a stale page's extra inputs are ignored, not an error).
    const known = selfCheckFieldNames(n);
    const rest = Object.entries(body ?? {}).filter(([k]) => known.has(k));
    // Thousands separators and spaces are typing, not content (the form has no free text).
    const form = Object.fromEntries(rest.map(([k, v]) => [k, typeof v === 'string' ? v.replace(/[,，\s]/g, '').slice(0, 64) : ''])) as SelfCheckForm;
    const checked = await validateForm(selfCheckDto(n), form, actor.locale, selfCheckLabels(n));
    const cross = checked.ok ? selfCheckCrossErrors(form) : {};
    if (!checked.ok || Object.keys(cross).length) {
      const labels = selfCheckLabels(n) as Record<string, string>;
      const errors = checked.ok
        ? Object.fromEntries(Object.entries(cross).map(([k, v]) => [k, translate(actor.locale, v, { label: translate(actor.locale, labels[k] ?? k) })]))
        : checked.errors;
      return res.status(422).render('policy/self-check', await this.selfCheckModel(actor, n, form, null, errors));
    }
    const ladders = await this.ladders.all();
    const response = evaluate({ asOf, programs: ALL_PROGRAMS, facts: factsFromSelfCheck(form, n) }, await this.ruleSets.resolve(asOf), { locale: actor.locale, ladders });
    res.status(200).render('policy/self-check', await this.selfCheckModel(actor, n, form, eligibilityView(response, actor.locale, ladders), {}));
  }

  private async selfCheckModel(actor: Actor, n: number, form: SelfCheckForm, result: ReturnType<typeof eligibilityView> | null, errors: Record<string, string>) {
    const years = selfCheckYears(n);
    const field = (name: string) => ({ name, value: form[name] ?? '', error: errors[name] });
    const yesNo = (name: string) => ({ ...field(name), options: ['true', 'false'] });
    return {
      title: translate(actor.locale, 'nav.eligibility'),
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
