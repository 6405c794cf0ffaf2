import { Controller, Get, Post, Query, Render } from '@nestjs/common';
import { referenceCan } from '../settings/reference.policy.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RadarListDto, RadarRunDto } from './radar.response.js';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { translate } from '../i18n/i18n.js';
import { ReferenceService } from '../reference/reference.service.js';
import { RadarService } from './radar.service.js';
import { LaddersService } from '../ladder/ladders.service.js';
import { CalendarService } from '../calendar/calendar.service.js';

export class RadarQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(24) months?: number;
  /** One configured ladder's recognitions only (GET /api/v1/ladders); absent = everything. */
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value)) @IsOptional() @Matches(/^[a-z0-9-]{1,32}$/, { message: 'must be a ladder code' }) ladder?: string;
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
    private readonly ladders: LaddersService,
  ) {}

  /** Expiring HNTE certificates and recognitions due for re-evaluation, in the caller's scope. */
  @Get('api/v1/radar')
  @ApiOkResponse({ type: RadarListDto })
  async list(@CurrentActor() actor: Actor, @Query() query: RadarQueryDto): Promise<RadarListDto> {
    const lead = await this.radar.leadTimes();
    const months = query.months ?? lead.hnteMonths;
    return { items: await this.radar.items(actor, undefined, months, Math.max(lead.recognitionDays, months * 30), query.ladder) };
  }

  /** Runs the radar now (it also runs daily): raises the follow-up tasks once. */
  @Post('api/v1/radar/run')
  @Roles('admin', 'manager')
  @ApiCreatedResponse({ type: RadarRunDto })
  run(): Promise<RadarRunDto> {
    return this.radar.run();
  }

  @Get('radar')
  @ApiExcludeEndpoint()
  @Render('radar/list')
  async page(@CurrentActor() actor: Actor, @Query() query: RadarQueryDto) {
    const lead = await this.radar.leadTimes();
    const months = query.months ?? lead.hnteMonths;
    const [items, districts, ladders] = await Promise.all([this.radar.items(actor, undefined, months, Math.max(lead.recognitionDays, months * 30), query.ladder), this.reference.districts(), this.ladders.all()]);
    const ladderNames = new Map(ladders.map((l) => [l.code, l.name[actor.locale]]));
    return {
      title: translate(actor.locale, 'radar.title'), months, lead, districts, calendarStatus: await this.calendar.status(), calendarLink: referenceCan(actor, 'seeCalendarStatus'),
      ladder: query.ladder ?? '', ladders: ladders.map((l) => ({ code: l.code, name: l.name[actor.locale] })),
      items: items.map((i) => ({ ...i, ladderName: i.ladder ? ladderNames.get(i.ladder) ?? i.ladder : null, rung: i.rungName?.[actor.locale] ?? null })),
    };
  }
}
