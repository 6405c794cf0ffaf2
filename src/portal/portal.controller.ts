import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExcludeController, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InvitationCreatedDto, InvitationListDto, InvitationRevokedDto } from './invitation.response.js';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { IsEmailAddress } from '../applications/safe-validators.js';
import type { Request, Response } from 'express';
import { flash } from '../common/flash.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Public, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { FormRejected, runForm, type FieldErrors } from '../common/form.js';
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
  @ApiCreatedResponse({ type: InvitationCreatedDto })
  invite(@CurrentActor() actor: Actor, @Body() dto: InvitationCreateDto): Promise<InvitationCreatedDto> {
    return this.invitations.invite(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: InvitationListDto })
  async list(@CurrentActor() actor: Actor, @Query() query: InvitationListQueryDto): Promise<InvitationListDto> {
    return { items: await this.invitations.list(actor, query.enterpriseId) };
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOkResponse({ type: InvitationRevokedDto })
  async revoke(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number): Promise<InvitationRevokedDto> {
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
    return runForm(req, res, actor.locale, {
      dto: InvitationFormDto,
      labels: 'portal',
      input: { ...body, uscc: typeof body.uscc === 'string' ? body.uscc.trim().toUpperCase() : body.uscc },
      run: async (value) => {
        const enterprise = await this.enterprises.scopedQuery(actor).andWhere('e.uscc = :uscc', { uscc: value.uscc }).getOne() as Enterprise | null;
        if (!enterprise) throw new FormRejected({ uscc: translate(actor.locale, 'portal.unknownEnterprise') });
        return this.invitations.invite(actor, { enterpriseId: enterprise.id, suffix: value.suffix, displayName: value.displayName, email: value.email });
      },
      done: (inv) => ({ redirect: '/portal/invitations', flash: translate(actor.locale, inv.emailed ? 'portal.invitedEmailed' : 'portal.invited', { username: inv.username, url: inv.activationUrl, days: INVITATION_TTL_DAYS }) }),
      rerender: async (status, errors, { error }) => {
        // A user with that name exists: the message goes to the field that makes the name (the suffix, else the USCC).
        const taken = error?.status === 409 ? { [error.details[0]?.field === 'suffix' ? 'suffix' : 'uscc']: translate(actor.locale, 'portal.userExists') } : null;
        return res.status(taken ? 422 : status).render('portal/invitations', await this.page(actor, body, taken ?? errors));
      },
    });
  }

  @Post('portal/invitations/:id/revoke')
  @Roles('admin', 'officer')
  async revoke(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      input: {},
      run: () => this.invitations.revoke(actor, id),
      done: () => ({ redirect: '/portal/invitations', flash: translate(actor.locale, 'portal.revoked') }),
      // The one refusal here is an invitation no longer pending.
      rerender: () => {
        flash(req, 'warning', translate(actor.locale, 'portal.notPending'));
        return res.redirect(303, '/portal/invitations');
      },
    });
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
    const rerender = (status: number, errors: FieldErrors) => res.status(status).render('portal/activate', { layout: 'layouts/bare', title: translate(locale, 'portal.activate'), token, ...pending, errors });
    return runForm(req, res, locale, {
      input: {},
      // A link used up meanwhile: back to its page, which now says the link is no longer valid (404).
      run: () => this.invitations.activate(token, password, confirm, locale).then(
        (result) => { if (!result.ok) throw new FormRejected(result.errors); return result; },
        (err: unknown) => { if (err instanceof NotFoundError) return null; throw err; },
      ),
      done: (result) => (result ? { redirect: '/login', flash: translate(locale, 'portal.activated', { username: result.username }) } : { redirect: `/activate/${encodeURIComponent(token)}` }),
      rerender: (status, errors) => rerender(status, errors),
    });
  }
}
