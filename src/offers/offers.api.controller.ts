import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MatchStartedDto, OfferAcceptedDto, OfferDto, OfferPageDto, TakeUpDto } from './offer.response.js';
import { scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { enforce } from '../common/policy.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decideOffers } from './offer.policy.js';
import { OfferAcceptDto, OfferDeclineDto, OfferListQueryDto, OfferMatchDto, TakeUpQueryDto } from './offers.dto.js';
import { mapOffer, OffersService } from './offers.service.js';
import { takeUp } from './take-up.js';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Offer') });

/** api.md "Offers (免申即享)" and the take-up report (api.md Reports). */
@ApiTags('offers')
@ApiBearerAuth()
@Controller('api/v1')
export class OffersApiController {
  constructor(
    private readonly offers: OffersService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('offers')
  @ApiOkResponse({ type: OfferPageDto })
  async list(@CurrentActor() actor: Actor, @Query() q: OfferListQueryDto): Promise<OfferPageDto> {
    const page = await this.offers.list(actor, q);
    return {
      items: page.items.map((o) => ({ id: o.id, enterpriseId: o.enterpriseId, programme: o.programme, year: o.year, status: o.status, fastTrack: o.fastTrack, evaluation: o.evaluation, createdAt: o.createdAt, reason: o.reason, expiresOn: o.expiresOn, openedAt: o.openedAt, applicationId: o.applicationId, version: o.version })),
      total: page.total, page: page.page, pageSize: page.pageSize,
    };
  }

  @Get('offers/:id')
  @ApiOkResponse({ type: OfferDto })
  async get(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number): Promise<OfferDto> {
    return mapOffer((await this.offers.get(actor, id)).offer);
  }

  @Post('offers/match')
  @Roles('admin', 'manager')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: MatchStartedDto })
  async match(@CurrentActor() actor: Actor, @Body() dto: OfferMatchDto): Promise<MatchStartedDto> {
    const job = await this.offers.startMatch(actor, dto.asOf);
    return { jobId: job.id };
  }

  @Post('offers/:id/accept')
  @HttpCode(201)
  @ApiCreatedResponse({ type: OfferAcceptedDto })
  async accept(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: OfferAcceptDto): Promise<OfferAcceptedDto> {
    const r = await this.offers.accept(actor, id, dto.version);
    return { applicationId: r.applicationId, applicationStatus: r.applicationStatus };
  }

  @Post('offers/:id/decline')
  @HttpCode(200)
  @ApiOkResponse({ type: OfferDto })
  async decline(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: OfferDeclineDto): Promise<OfferDto> {
    return this.offers.decline(actor, id, dto.reason, dto.version);
  }

  @Get('reports/take-up')
  @ApiOkResponse({ type: TakeUpDto })
  async takeUp(@CurrentActor() actor: Actor, @Query() q: TakeUpQueryDto): Promise<TakeUpDto> {
    enforce(decideOffers(actor, 'takeUp'));
    const items = await takeUp(this.dataSource, scopeOf(actor), q.year ?? Number(todayIso().slice(0, 4)), q.districtCode);
    return { items };
  }
}
