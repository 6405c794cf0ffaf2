import { Body, Controller, Get, HttpCode, Param, Post, Render, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PUBLIC_PRE_SCREEN, SelfCheckService } from '../policy/self-check.service.js';
import { Public } from '../auth/auth.decorators.js';
import { translate } from '../i18n/i18n.js';
import { apiLocale, requestLocale } from '../i18n/request-locale.js';
import { EvaluateRequestDto } from '../policy/eligibility.dto.js';
import { ALL_PROGRAMS } from '../policy/engine/facts.js';
import { EvaluationResponseDto } from '../policy/evaluation.response.js';
import { EligibilityService } from '../policy/eligibility.service.js';
import { HandbookService } from './handbook.service.js';
import { PreScreenRateGuard } from './pre-screen.guard.js';

/** The public policy handbook (no sign-in): every programme, its criteria and numbers in force today. */
@ApiExcludeController()
@Controller('policies')
export class HandbookController {
  constructor(
    private readonly handbook: HandbookService,
    private readonly selfChecks: SelfCheckService,
  ) {}

  @Get()
  @Public()
  @Render('handbook/index')
  async index(@Req() req: Request) {
    const locale = requestLocale(req);
    const { asOf, items } = await this.handbook.programmes(locale);
    return { title: translate(locale, 'handbook.title'), asOf, items };
  }

  /** The pre-screener: the self-check form without signing in; nothing is stored; rate-limited per address. */
  @Get('pre-screen')
  @Public()
  @Render('policy/self-check')
  preScreenForm(@Req() req: Request) {
    return this.selfChecks.page(requestLocale(req), this.selfChecks.year(), {}, null, {}, PUBLIC_PRE_SCREEN);
  }

  @Post('pre-screen')
  @Public()
  @UseGuards(PreScreenRateGuard)
  async preScreen(@Req() req: Request, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const { status, page } = await this.selfChecks.run(requestLocale(req), body, PUBLIC_PRE_SCREEN);
    res.status(status).render('policy/self-check', page);
  }

  @Get(':programme')
  @Public()
  @Render('handbook/programme')
  async programme(@Param('programme') programme: string, @Req() req: Request) {
    const locale = requestLocale(req);
    const { asOf, item } = await this.handbook.programme(programme, locale);
    return { title: item.label, asOf, item };
  }
}

/** The public pre-screener: the evaluate calculator without identity; stores nothing; rate-limited. */
@ApiTags('public')
@Controller('api/v1/public')
export class PreScreenApiController {
  constructor(private readonly eligibility: EligibilityService) {}

  @Post('pre-screen')
  @Public()
  @UseGuards(PreScreenRateGuard)
  @HttpCode(200)
  @ApiOperation({ summary: 'Evaluate typed figures without signing in (nothing is stored; rate-limited per address)' })
  @ApiOkResponse({ type: EvaluationResponseDto, description: 'The evaluate response (as POST /api/v1/eligibility/evaluate); every programme unless `programs` names some' })
  @ApiTooManyRequestsResponse({ description: 'Too many pre-screens from this address' })
  preScreen(@Req() req: Request, @Body() dto: EvaluateRequestDto) {
    // A visitor asks "what could I get": every programme, the SRDI ladder's included, unless the body names some.
    return this.eligibility.evaluateFacts({ locale: apiLocale(req) }, { ...dto, programs: dto.programs ?? [...ALL_PROGRAMS] });
  }
}
