import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { IsEmailAddress } from '../applications/safe-validators.js';
import type { Request, Response } from 'express';
import { flash } from '../common/flash.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Public, Roles } from '../auth/auth.decorators.js';
import { DomainError, NotFoundError } from '../common/errors.js';
import { validateForm, type FieldErrors } from '../common/form.js';
import { IsUscc } from '../common/validators.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { translate } from '../i18n/i18n.js';
import { requestLocale } from '../i18n/request-locale.js';
import { InvitationsService, INVITATION_TTL_DAYS } from './invitations.service.js';
import { portalCan } from './portal.policy.js';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Invitation') });

export class InvitationCreateDto {
  @ApiProperty() @IsInt() @Min(1) enterpriseId: number;
  @ApiPropertyOptional({ description: 'admins only: username becomes USCC.suffix' }) @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{1,20}$/, { message: 'validation.invalid' }) suffix?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) displayName?: string;
  @ApiPropertyOptional({ description: 'where the activation link is sent (when e-mail is configured) and later notifications' })
  @IsOptional() @IsEmailAddress() @MaxLength(128) email?: string;
}

/** The HTML invitation form names the enterprise by its USCC. */
export class InvitationFormDto {
  @IsUscc({ message: 'validation.invalid' }) uscc: string;
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{1,20}$/, { message: 'validation.invalid' }) suffix?: string;
  @IsOptional() @IsString() @MaxLength(64) displayName?: string;
  @IsOptional() @IsEmailAddress() @MaxLength(128) email?: string;
}

export class InvitationListQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) enterpriseId?: number;
}

@ApiTags('portal')
@ApiBearerAuth()
@Controller('api/v1/invitations')
export class InvitationsApiController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  invite(@CurrentActor() actor: Actor, @Body() dto: InvitationCreateDto) {
    return this.invitations.invite(actor, dto);
  }

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() query: InvitationListQueryDto) {
    return { items: await this.invitations.list(actor, query.enterpriseId) };
  }

  @Post(':id/revoke')
  @HttpCode(200)
  async revoke(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number) {
    await this.invitations.revoke(actor, id);
    return { id, state: 'revoked' };
  }
}

@ApiExcludeController()
@Controller()
export class PortalController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly enterprises: EnterprisesService,
  ) {}

  private async page(actor: Actor, values: Record<string, unknown>, errors: FieldErrors = {}) {
    return {
      title: translate(actor.locale, 'portal.invitations'),
      items: await this.invitations.list(actor),
      values,
      errors,
      isAdmin: portalCan(actor, 'chooseSuffix'),
      ttlDays: INVITATION_TTL_DAYS,
    };
  }

  @Get('portal/invitations')
  @Roles('admin', 'officer')
  @Render('portal/invitations')
  async list(@CurrentActor() actor: Actor, @Query('enterpriseId') enterpriseId?: string) {
    const values: Record<string, unknown> = {};
    if (enterpriseId && /^\d+$/.test(enterpriseId)) {
      const e = await this.enterprises.get(actor, Number(enterpriseId)).catch(() => null);
      if (e) Object.assign(values, { uscc: e.uscc, displayName: e.name });
    }
    return this.page(actor, values);
  }

  @Post('portal/invitations')
  @Roles('admin', 'officer')
  async invite(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const rerender = async (status: number, errors: FieldErrors) => res.status(status).render('portal/invitations', await this.page(actor, body, errors));
    const form = await validateForm(InvitationFormDto, { ...body, uscc: typeof body.uscc === 'string' ? body.uscc.trim().toUpperCase() : body.uscc }, actor.locale);
    if (!form.ok) return rerender(422, form.errors);
    const enterprise = await this.enterprises.scopedQuery(actor).andWhere('e.uscc = :uscc', { uscc: form.value.uscc }).getOne() as Enterprise | null;
    if (!enterprise) return rerender(422, { uscc: translate(actor.locale, 'portal.unknownEnterprise') });
    try {
      const inv = await this.invitations.invite(actor, { enterpriseId: enterprise.id, suffix: form.value.suffix, displayName: form.value.displayName, email: form.value.email });
      flash(req, 'success', translate(actor.locale, inv.emailed ? 'portal.invitedEmailed' : 'portal.invited', { username: inv.username, url: inv.activationUrl, days: INVITATION_TTL_DAYS }));
      res.redirect(303, '/portal/invitations');
    } catch (err) {
      if (err instanceof DomainError && (err.status === 409 || err.status === 403 || err.status === 400)) {
        const field = err.details[0]?.field === 'suffix' ? 'suffix' : 'uscc';
        return rerender(err.status === 403 ? 403 : 422, { [field]: err.status === 409 ? translate(actor.locale, 'portal.userExists') : err.message });
      }
      throw err;
    }
  }

  @Post('portal/invitations/:id/revoke')
  @Roles('admin', 'officer')
  async revoke(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Req() req: Request, @Res() res: Response) {
    try {
      await this.invitations.revoke(actor, id);
      flash(req, 'success', translate(actor.locale, 'portal.revoked'));
    } catch (err) {
      if (!(err instanceof DomainError) || err.status !== 409) throw err;
      flash(req, 'warning', translate(actor.locale, 'portal.notPending'));
    }
    res.redirect(303, '/portal/invitations');
  }

  /** The activation page of a link (no sign-in): the enterprise chooses its password. */
  @Get('activate/:token')
  @Public()
  async activatePage(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const pending = await this.invitations.lookup(token);
    if (!pending) return res.status(404).render('portal/activate-invalid', { layout: 'layouts/bare', title: translate(locale, 'portal.activate') });
    res.render('portal/activate', { layout: 'layouts/bare', title: translate(locale, 'portal.activate'), token, ...pending, errors: {} });
  }

  @Post('activate/:token')
  @Public()
  async activate(@Param('token') token: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const pending = await this.invitations.lookup(token);
    if (!pending) return res.status(404).render('portal/activate-invalid', { layout: 'layouts/bare', title: translate(locale, 'portal.activate') });
    const password = typeof body.password === 'string' ? body.password : '';
    const confirm = typeof body.confirm === 'string' ? body.confirm : '';
    try {
      const result = await this.invitations.activate(token, password, confirm, locale);
      if (!result.ok) return res.status(422).render('portal/activate', { layout: 'layouts/bare', title: translate(locale, 'portal.activate'), token, ...pending, errors: result.errors });
      flash(req, 'success', translate(locale, 'portal.activated', { username: result.username }));
      res.redirect(303, '/login');
    } catch (err) {
      if (err instanceof NotFoundError) return res.status(404).render('portal/activate-invalid', { layout: 'layouts/bare', title: translate(locale, 'portal.activate') });
      throw err;
    }
  }
}
