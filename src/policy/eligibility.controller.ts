import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Res } from '@nestjs/common';
import { policyCan } from './policy-module.policy.js';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { translate } from '../i18n/i18n.js';
import { PROGRAM_LABELS } from './engine/labels.js';
import { EligibilityQueryDto } from './eligibility.dto.js';
import { EligibilityService } from './eligibility.service.js';
import { eligibilityView } from './eligibility-view.js';
import { SelfCheckService, SIGNED_IN_SELF_CHECK } from './self-check.service.js';
import { formFromFacts, type SelfCheckForm } from './self-check.js';
import { LaddersService } from '../ladder/ladders.service.js';

const idPipe = (what: string) => new ParseIntPipe({ exceptionFactory: () => new NotFoundError(what) });

/** The eligibility panel of a file, its evaluation history, and the self-check calculator. */
@ApiExcludeController()
@Controller()
export class EligibilityController {
  constructor(
    private readonly eligibility: EligibilityService,
    private readonly enterprises: EnterprisesService,
    private readonly selfChecks: SelfCheckService,
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
    return this.selfChecks.page(actor.locale, n, form, null, {}, SIGNED_IN_SELF_CHECK);
  }

  @Post('eligibility/check')
  async selfCheck(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const { status, page } = await this.selfChecks.run(actor.locale, body, SIGNED_IN_SELF_CHECK);
    res.status(status).render('policy/self-check', page);
  }
}
