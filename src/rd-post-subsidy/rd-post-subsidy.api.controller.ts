import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { ClaimsQueryDto, PaymentDto, RoundCreateDto, VersionDto } from './rd-post-subsidy.dto.js';
import { RdPostSubsidyService } from './rd-post-subsidy.service.js';

const roundIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Round') });
const claimIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Claim') });

/** api.md "Ladders and programmes": the R&D post-subsidy's rounds (rules.md §8). */
@ApiTags('rd-post-subsidy')
@ApiBearerAuth()
@Controller('api/v1/rd-post-subsidy')
export class RdPostSubsidyApiController {
  constructor(private readonly service: RdPostSubsidyService) {}

  @Get('rounds')
  list(@CurrentActor() actor: Actor) {
    return this.service.listRounds(actor);
  }

  @Post('rounds')
  create(@CurrentActor() actor: Actor, @Body() dto: RoundCreateDto) {
    return this.service.create(actor, dto);
  }

  @Post('rounds/:id/calculate')
  @HttpCode(200)
  calculate(@CurrentActor() actor: Actor, @Param('id', roundIdPipe) id: number, @Body() dto: VersionDto) {
    return this.service.calculate(actor, id, dto);
  }

  @Post('rounds/:id/publish')
  @HttpCode(200)
  publish(@CurrentActor() actor: Actor, @Param('id', roundIdPipe) id: number, @Body() dto: VersionDto) {
    return this.service.publish(actor, id, dto);
  }

  @Get('rounds/:id/claims')
  claims(@CurrentActor() actor: Actor, @Param('id', roundIdPipe) id: number, @Query() q: ClaimsQueryDto) {
    return this.service.claims(actor, id, q);
  }

  @Post('claims/:id/payment')
  @HttpCode(200)
  pay(@CurrentActor() actor: Actor, @Param('id', claimIdPipe) id: number, @Body() dto: PaymentDto) {
    return this.service.pay(actor, id, dto);
  }
}
