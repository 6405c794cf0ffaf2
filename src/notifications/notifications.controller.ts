import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Render, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InboxDto, MarkedDto, NotificationReadDto, NotificationSettingsViewDto } from './notification.response.js';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsEmailAddress } from '../applications/safe-validators.js';
import type { Request, Response } from 'express';
import { flash } from '../common/flash.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { runForm } from '../common/form.js';
import { pageCount } from '../common/list-query.js';
import { translate } from '../i18n/i18n.js';
import { NotificationsService } from './notifications.service.js';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Notification') });

export class InboxQueryDto {
  @IsOptional() @IsIn(['true', 'false']) unread?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

export class NotificationSettingsDto {
  @IsOptional() @ValidateIf((_o, v) => v !== null && v !== '') @IsEmailAddress() @MaxLength(128) email?: string | null;
  @IsOptional() @IsBoolean() emailEnabled?: boolean;
}

/** Only same-site links stored by the application itself (never an open redirect). */
function safeLink(link: string | null | undefined, fallback: string): string {
  return typeof link === 'string' && /^\/(?!\/|\\)[^\s]*$/.test(link) ? link : fallback;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsApiController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ type: InboxDto })
  inbox(@CurrentActor() actor: Actor, @Query() query: InboxQueryDto): Promise<InboxDto> {
    return this.notifications.inbox(actor, { unread: query.unread === 'true', page: query.page, pageSize: query.pageSize });
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: MarkedDto })
  async readAll(@CurrentActor() actor: Actor): Promise<MarkedDto> {
    return { marked: await this.notifications.markAllRead(actor) };
  }

  @Get('settings')
  @ApiOkResponse({ type: NotificationSettingsViewDto })
  settings(@CurrentActor() actor: Actor): Promise<NotificationSettingsViewDto> {
    return this.notifications.settings(actor);
  }

  @Put('settings')
  @ApiOkResponse({ type: NotificationSettingsViewDto })
  async saveSettings(@CurrentActor() actor: Actor, @Body() dto: NotificationSettingsDto): Promise<NotificationSettingsViewDto> {
    await this.notifications.saveSettings(actor, dto);
    return this.notifications.settings(actor);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationReadDto })
  async read(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number): Promise<NotificationReadDto> {
    await this.notifications.markRead(actor, id);
    return { id, read: true };
  }
}

/** The inbox page: newest first, unread highlighted; opening a message marks it read. */
@ApiExcludeController()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Render('notifications/inbox')
  async inbox(@CurrentActor() actor: Actor, @Query() query: InboxQueryDto) {
    const unreadOnly = query.unread === 'true';
    const page = await this.notifications.inbox(actor, { unread: unreadOnly, page: query.page, pageSize: query.pageSize ?? 30 });
    const pages = pageCount(page.total, page.pageSize);
    return {
      title: translate(actor.locale, 'nav.inbox'),
      ...page,
      unreadOnly,
      pages,
      prevPage: page.page > 1 ? page.page - 1 : null,
      nextPage: page.page < pages ? page.page + 1 : null,
      mailSettings: await this.notifications.settings(actor),
    };
  }

  @Post('read-all')
  async readAll(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const n = await this.notifications.markAllRead(actor);
    flash(req, 'success', translate(actor.locale, 'notification.allRead', { count: n }));
    res.redirect(303, '/notifications');
  }

  @Post('settings')
  async saveSettings(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      dto: NotificationSettingsDto,
      input: { email: typeof body.email === 'string' ? body.email.trim() : undefined, emailEnabled: body.emailEnabled === 'on' || body.emailEnabled === 'true' },
      labels: { email: 'notification.email' },
      run: (value) => this.notifications.saveSettings(actor, value),
      done: () => ({ redirect: '/notifications#settings', flash: translate(actor.locale, 'notification.settingsSaved') }),
      // The inbox page again, its settings form showing what was typed with a message per field.
      rerender: async (status, errors, { message }) => {
        const view = await this.inbox(actor, {});
        const mailSettings = { ...view.mailSettings, email: typeof body.email === 'string' ? body.email : '', emailEnabled: body.emailEnabled === 'on' || body.emailEnabled === 'true' };
        return res.status(status).render('notifications/inbox', { ...view, mailSettings, errors, message });
      },
    });
  }

  /** Marks one message read and opens what it is about. */
  @Post(':id/open')
  async open(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Res() res: Response) {
    const link = await this.notifications.markRead(actor, id);
    res.redirect(303, safeLink(link, '/notifications'));
  }
}
