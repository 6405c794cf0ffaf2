import { Controller, Get, Query, Render } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlanCockpitDto } from './report.response.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { translate } from '../i18n/i18n.js';
import { planCockpitView } from './plan-cockpit.view.js';
import { PlanCockpitService } from './plan-cockpit.service.js';
import { ReportQueryDto } from './reports.dto.js';

/** The plan cockpit as JSON (integrations, BI tools). Staff; officers their area. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
@Roles('admin', 'manager', 'officer')
export class PlanCockpitApiController {
  constructor(private readonly cockpit: PlanCockpitService) {}

  @Get('plan-cockpit')
  @ApiOperation({ summary: 'Every measurable target of the year’s plan period: target vs actual by year with trend and gap, and the list behind each actual' })
  @ApiOkResponse({ type: PlanCockpitDto })
  get(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto): Promise<PlanCockpitDto> {
    return this.cockpit.cockpit(actor, q);
  }
}

/** The plan cockpit page (/reports/plan-cockpit). */
@ApiExcludeController()
@Controller('reports')
@Roles('admin', 'manager', 'officer')
export class PlanCockpitController {
  constructor(private readonly cockpit: PlanCockpitService) {}

  @Get('plan-cockpit')
  @Render('reports/cockpit')
  async page(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto) {
    return { title: translate(actor.locale, 'cockpit.title'), ...planCockpitView(actor.locale, await this.cockpit.cockpit(actor, q)) };
  }
}
