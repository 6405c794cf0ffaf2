import { Controller, Get, Post, Query, Render } from '@nestjs/common';
import { referenceCan } from '../settings/reference.policy.js';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { translate } from '../i18n/i18n.js';
import { ReferenceService } from '../reference/reference.service.js';
import { RadarService } from './radar.service.js';
import { CalendarService } from '../calendar/calendar.service.js';

export class RadarQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(24) months?: number;
}

@ApiTags('radar')
@ApiBearerAuth()
@Controller()
@Roles('admin', 'manager', 'officer')
export class RadarController {
  constructor(
    private readonly radar: RadarService,
    private readonly calendar: CalendarService,
    private readonly reference: ReferenceService,
  ) {}

  /** Expiring HNTE certificates and recognitions due for re-evaluation, in the caller's scope. */
  @Get('api/v1/radar')
  async list(@CurrentActor() actor: Actor, @Query() query: RadarQueryDto) {
    const lead = await this.radar.leadTimes();
    const months = query.months ?? lead.hnteMonths;
    return { items: await this.radar.items(actor, undefined, months, Math.max(lead.recognitionDays, months * 30)) };
  }

  /** Runs the radar now (it also runs daily): raises the follow-up tasks once. */
  @Post('api/v1/radar/run')
  @Roles('admin', 'manager')
  run() {
    return this.radar.run();
  }

  @Get('radar')
  @ApiExcludeEndpoint()
  @Render('radar/list')
  async page(@CurrentActor() actor: Actor, @Query() query: RadarQueryDto) {
    const lead = await this.radar.leadTimes();
    const months = query.months ?? lead.hnteMonths;
    const [items, districts] = await Promise.all([this.radar.items(actor, undefined, months, Math.max(lead.recognitionDays, months * 30)), this.reference.districts()]);
    return { title: translate(actor.locale, 'radar.title'), months, lead, items, districts, calendarStatus: await this.calendar.status(), calendarLink: referenceCan(actor, 'seeCalendarStatus') };
  }
}
