import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { runForm, type FieldErrors } from '../common/form.js';
import { todayIso } from '../common/format.js';
import { enforce } from '../common/policy.js';
import { translate } from '../i18n/i18n.js';
import { eligibilityView } from '../policy/eligibility-view.js';
import type { Offer } from './offer.entity.js';
import { toVerify } from './offer-rules.js';
import { decideOffers, decideRespond } from './offer.policy.js';
import { OfferDeclineDto } from './offers.dto.js';
import { OffersService } from './offers.service.js';
import { takeUp } from './take-up.js';
import { missingOne } from './offer-worklist.js';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Offer') });
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const yearOf = (v: unknown): number => (typeof v === 'string' && /^\d{4}$/.test(v) ? Number(v) : Number(todayIso().slice(0, 4)));

/** The offer pages (issue 15): the list (open first), one offer with its explanation, the answer forms; the take-up section. */
@ApiExcludeController()
@Controller()
export class OffersController {
  constructor(
    private readonly offers: OffersService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('offers')
  @Render('offers/list')
  async list(@CurrentActor() actor: Actor, @Query('page') page?: string) {
    const result = await this.offers.list(actor, { page: /^\d{1,6}$/.test(page ?? '') ? Number(page) : 1, pageSize: 50 });
    return {
      title: translate(actor.locale, 'offer.listTitle'),
      items: result.items.map((o) => ({ ...o, programmeLabel: translate(actor.locale, `offer.programme.${o.programme}`), statusLabel: translate(actor.locale, `offer.status.${o.status}`), isOpen: o.status === 'open' })),
      total: result.total,
    };
  }

  private async page(actor: Actor, id: number, values: Record<string, unknown> = {}, errors: FieldErrors = {}, message?: string) {
    const { offer, enterprise } = await this.offers.open(actor, id);
    const explanation = await this.offers.explain(actor, offer);
    const view = explanation ? eligibilityView(explanation, actor.locale).programs[0] ?? null : null;
    const t = (k: string, p: Record<string, unknown> = {}) => translate(actor.locale, k, p);
    return {
      title: `${t('offer.title')} · ${t(`offer.programme.${offer.programme}`)}`,
      offer: { ...offer, programmeLabel: t(`offer.programme.${offer.programme}`), statusLabel: t(`offer.status.${offer.status}`), reasonLabel: reasonLabel(actor, offer) },
      enterprise: { id: enterprise.id, name: enterprise.name },
      criteria: offer.evaluation.criteria.map((c) => ({ ...c, footingLabel: t(`offer.footing.${c.footing}`), authoritative: c.footing === 'authoritative' || c.footing === 'registration' })),
      verify: toVerify(offer.evaluation.criteria).map((c) => ({ code: c.code, sources: c.sources, footingLabel: t(`offer.footing.${c.footing}`) })),
      benefit: offer.evaluation.benefit,
      // The post-subsidy's amount as evaluated lives on the offer, not in the frozen evaluation.
      subsidy: offer.programme === 'rd-post-subsidy' && offer.benefit !== null ? Number(offer.benefit) : null,
      ruleSets: Object.entries(offer.evaluation.ruleSets).filter(([p]) => p === offer.programme).map(([p, v]) => `${p} ${v}`).join(', '),
      program: view,
      canRespond: decideRespond(actor, offer, 'accept').allowed,
      values, errors, message,
    };
  }

  /** The officer's worklist page: enterprises one criterion away because a fact is missing (which fact, where to get it). */
  @Get('offers/missing-facts')
  @Render('offers/missing-facts')
  async missingFacts(@CurrentActor() actor: Actor) {
    enforce(decideOffers(actor, 'worklist'));
    const t = (k: string) => translate(actor.locale, k);
    const { total, items } = await missingOne(this.dataSource, actor);
    return {
      title: t('offer.missing.title'), total,
      items: items.map((i) => ({ ...i, programmeLabel: t(`offer.programme.${i.programme}`), factLabel: t(`offer.fact.${i.fact}`), sourceLabel: t(`offer.source.${i.fact}`) })),
    };
  }

  @Get('offers/:id')
  @Render('offers/show')
  show(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number) {
    return this.page(actor, id);
  }

  @Post('offers/:id/accept')
  async accept(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      input: {},
      run: () => this.offers.accept(actor, id),
      done: (r) => ({ redirect: `/applications/${r.applicationId}`, flash: translate(actor.locale, 'offer.accepted', { reference: r.reference }) }),
      rerender: async (status, errors, { message }) => res.status(status).render('offers/show', await this.page(actor, id, {}, errors, message)),
    });
  }

  @Post('offers/:id/decline')
  async decline(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      dto: OfferDeclineDto,
      input: { reason: str(body.reason) },
      labels: { reason: translate(actor.locale, 'offer.declineReason') },
      run: (dto) => this.offers.decline(actor, id, dto.reason),
      done: () => ({ redirect: `/offers/${id}`, flash: translate(actor.locale, 'offer.declined') }),
      rerender: async (status, errors, { message }) => res.status(status).render('offers/show', await this.page(actor, id, { reason: str(body.reason) }, errors, message)),
    });
  }

  /** The take-up section of the dashboard (its own page, linked from /reports). */
  @Get('reports/take-up')
  @Render('offers/take-up')
  async takeUp(@CurrentActor() actor: Actor, @Query('year') year?: string, @Query('districtCode') districtCode?: string) {
    enforce(decideOffers(actor, 'takeUp'));
    const y = yearOf(year);
    const district = typeof districtCode === 'string' && /^\d{6}$/.test(districtCode) ? districtCode : undefined;
    const items = await takeUp(this.dataSource, scopeOf(actor), y, district);
    return {
      title: translate(actor.locale, 'takeUp.title'), year: y,
      items: items.map((i) => ({ ...i, programmeLabel: translate(actor.locale, `offer.programme.${i.programme}`), ratePercent: i.rate === null ? '—' : `${(i.rate * 100).toFixed(1)}%` })),
    };
  }
}

function reasonLabel(actor: Actor, offer: Offer): string | null {
  if (!offer.reason) return null;
  if (offer.status === 'withdrawn') return translate(actor.locale, `offer.reason.${offer.reason}`);
  return offer.reason;
}
