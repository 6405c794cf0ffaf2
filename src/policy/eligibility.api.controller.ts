import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EvaluationResponseDto } from './evaluation.response.js';
import { DeprecatedFields } from '../common/deprecation.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { EligibilityQueryDto, EvaluateRequestDto } from './eligibility.dto.js';
import { EligibilityService } from './eligibility.service.js';
import { READERS } from '../auth/role.js';

@ApiTags('eligibility')
@ApiBearerAuth()
@Controller('api/v1')
export class EligibilityApiController {
  constructor(private readonly eligibility: EligibilityService) {}

  /** The stateless calculator: facts in the body, nothing stored. */
  @Post('eligibility/evaluate')
  @HttpCode(200)
  @DeprecatedFields('enterprise.flags[].on')
  @ApiOkResponse({ type: EvaluationResponseDto })
  evaluate(@CurrentActor() actor: Actor, @Body() dto: EvaluateRequestDto) {
    return this.eligibility.evaluateFacts(actor, dto);
  }

  /** The same evaluation computed from the stored file (scoped: hidden ids answer 404). */
  @Get('enterprises/:id/eligibility')
  @Roles(...READERS)
  @ApiOkResponse({ type: EvaluationResponseDto })
  forEnterprise(@CurrentActor() actor: Actor, @Param('id', new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Enterprise') })) id: number, @Query() query: EligibilityQueryDto) {
    return this.eligibility.evaluateEnterprise(actor, id, query.asOf);
  }
}
