import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Public } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { flash } from '../common/flash.js';
import { refusalMessage, runForm, type FieldErrors, type RerenderExtra } from '../common/form.js';
import { translate } from '../i18n/i18n.js';
import { requestLocale } from '../i18n/request-locale.js';
import { decideRunRounds } from './rd-post-subsidy.policy.js';
import { PaymentDto, RoundCreateDto, VersionDto } from './rd-post-subsidy.dto.js';
import { RdPostSubsidyService } from './rd-post-subsidy.service.js';

const int = (v: unknown) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v);
const num = (v: unknown) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);

/** The managers' page /rd-post-subsidy (rounds, budget form, claims with the factor) and the public list. */
@ApiExcludeController()
@Controller()
export class RdPostSubsidyController {
  constructor(private readonly service: RdPostSubsidyService) {}

  @Get('rd-post-subsidy')
  async page(@CurrentActor() actor: Actor, @Query('round') roundParam: string | undefined, @Query('page') pageParam: string | undefined, @Res() res: Response) {
    res.render('rd-post-subsidy/index', await this.view(actor, roundParam, pageParam));
  }

  private async view(actor: Actor, roundParam?: string, pageParam?: string, errors: FieldErrors = {}, values: Record<string, unknown> = {}) {
    const rounds = await this.service.listRounds(actor);
    const selected = rounds.find((r) => String(r.id) === roundParam) ?? rounds[0] ?? null;
    const claims = selected ? await this.service.claims(actor, selected.id, { page: Number(pageParam) || 1, pageSize: 50 }) : null;
    const l = actor.locale;
    return {
      title: translate(l, 'rdps.title'),
      canRun: decideRunRounds(actor).allowed,
      rounds: rounds.map((r) => ({ ...r, statusLabel: translate(l, `rdps.status.${r.status}`), selected: r.id === selected?.id })),
      selected: selected && {
        ...selected,
        scalingText: selected.status === 'open' ? null : selected.scaled ? translate(l, 'rdps.scaled', { factor: selected.factor ?? '' }) : translate(l, 'rdps.unscaled'),
        buttons: selected.actions.map((a) => ({ ...a, label: translate(l, `rdps.${a.action}`), reason: a.reasonKey ? translate(l, a.reasonKey) : null })),
        payable: selected.actions.some((a) => a.action === 'pay' && a.allowed),
      },
      claims: claims && { ...claims, items: claims.items.map((c) => ({ ...c, statusLabel: translate(l, `rdps.claimStatus.${c.status}`) })) },
      errors, values,
    };
  }

  private back(req: Request, res: Response, actor: Actor, to: string, errors: FieldErrors, extra: RerenderExtra) {
    const parts = [extra.stale?.text, extra.message, ...Object.values(errors)].filter((x): x is string => !!x);
    const fallback = extra.error ? refusalMessage(extra.error, actor.locale) : undefined;
    flash(req, 'warning', parts.join(actor.locale === 'en' ? '; ' : '；') || fallback || translate(actor.locale, 'error.400'));
    return res.redirect(303, to);
  }

  @Post('rd-post-subsidy/rounds')
  create(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      dto: RoundCreateDto,
      input: { year: int(body.year), budget: num(body.budget) },
      run: (dto) => this.service.create(actor, dto),
      done: (r) => ({ redirect: `/rd-post-subsidy?round=${r.id}`, flash: translate(actor.locale, 'rdps.create') }),
      rerender: (_s, errors, extra) => this.back(req, res, actor, '/rd-post-subsidy', errors, extra),
    });
  }

  @Post('rd-post-subsidy/rounds/:id/:action')
  act(@CurrentActor() actor: Actor, @Param('id') idParam: string, @Param('action') action: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const id = Number(idParam);
    if (!/^\d{1,9}$/.test(idParam) || (action !== 'calculate' && action !== 'publish')) throw new NotFoundError('Round');
    return runForm(req, res, actor.locale, {
      dto: VersionDto,
      input: { version: int(body.version) },
      run: (dto) => (action === 'calculate' ? this.service.calculate(actor, id, dto) : this.service.publish(actor, id, dto)),
      done: () => ({ redirect: `/rd-post-subsidy?round=${id}`, flash: translate(actor.locale, `rdps.${action}`) }),
      rerender: (_s, errors, extra) => this.back(req, res, actor, `/rd-post-subsidy?round=${id}`, errors, extra),
    });
  }

  @Post('rd-post-subsidy/claims/:id/payment')
  pay(@CurrentActor() actor: Actor, @Param('id') idParam: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    if (!/^\d{1,9}$/.test(idParam)) throw new NotFoundError('Claim');
    const to = `/rd-post-subsidy${typeof body.round === 'string' && /^\d+$/.test(body.round) ? `?round=${body.round}` : ''}`;
    return runForm(req, res, actor.locale, {
      dto: PaymentDto,
      input: { paidOn: body.paidOn, reference: body.reference, version: int(body.version) },
      run: (dto) => this.service.pay(actor, Number(idParam), dto),
      done: () => ({ redirect: to, flash: translate(actor.locale, 'rdps.pay') }),
      rerender: (_s, errors, extra) => this.back(req, res, actor, to, errors, extra),
    });
  }

  /** The published list of a year: public like /lists/:programme/:year. */
  @Get('rd-post-subsidy/:year/list')
  @Public()
  async list(@Param('year') yearParam: string, @Req() req: Request, @Res() res: Response) {
    if (!/^\d{4}$/.test(yearParam)) throw new NotFoundError('List');
    const locale = requestLocale(req);
    const list = await this.service.publishedList(Number(yearParam));
    res.render('rd-post-subsidy/list', {
      title: translate(locale, 'rdps.list.title', { year: list.year }),
      ...list,
      scalingText: list.scaled ? translate(locale, 'rdps.scaled', { factor: list.factor ?? '' }) : translate(locale, 'rdps.unscaled'),
    });
  }
}
