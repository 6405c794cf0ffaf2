import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ClaimDto, ClaimsPageDto, RoundDto } from './rd-post-subsidy.response.js';
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
  @ApiOkResponse({ type: [RoundDto] })
  list(@CurrentActor() actor: Actor): Promise<RoundDto[]> {
    return this.service.listRounds(actor);
  }

  @Post('rounds')
  @ApiCreatedResponse({ type: RoundDto })
  create(@CurrentActor() actor: Actor, @Body() dto: RoundCreateDto): Promise<RoundDto> {
    return this.service.create(actor, dto);
  }

  @Post('rounds/:id/calculate')
  @HttpCode(200)
  @ApiOkResponse({ type: RoundDto })
  calculate(@CurrentActor() actor: Actor, @Param('id', roundIdPipe) id: number, @Body() dto: VersionDto): Promise<RoundDto> {
    return this.service.calculate(actor, id, dto);
  }

  @Post('rounds/:id/publish')
  @HttpCode(200)
  @ApiOkResponse({ type: RoundDto })
  publish(@CurrentActor() actor: Actor, @Param('id', roundIdPipe) id: number, @Body() dto: VersionDto): Promise<RoundDto> {
    return this.service.publish(actor, id, dto);
  }

  @Get('rounds/:id/claims')
  @ApiOkResponse({ type: ClaimsPageDto })
  claims(@CurrentActor() actor: Actor, @Param('id', roundIdPipe) id: number, @Query() q: ClaimsQueryDto): Promise<ClaimsPageDto> {
    return this.service.claims(actor, id, q);
  }

  @Post('claims/:id/payment')
  @HttpCode(200)
  @ApiOkResponse({ type: ClaimDto })
  pay(@CurrentActor() actor: Actor, @Param('id', claimIdPipe) id: number, @Body() dto: PaymentDto): Promise<ClaimDto> {
    return this.service.pay(actor, id, dto);
  }
}
