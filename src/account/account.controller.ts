import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { flash } from '../common/flash.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { ROLES } from '../auth/role.js';
import { validateForm, type FieldErrors } from '../common/form.js';
import { translate } from '../i18n/i18n.js';
import { PasswordChangeDto, TotpCodeDto, TotpDisableDto } from './account.dto.js';
import { AccountService } from './account.service.js';

const translated = (actor: Actor, errors: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, translate(actor.locale, v)]));

/** /account: every role's own password, two-factor sign-in and login history. */
@ApiExcludeController()
@Controller('account')
@Roles(...ROLES)
export class AccountController {
  constructor(private readonly account: AccountService) {}

  private async page(actor: Actor, res: Response, status = 200, extra: Record<string, unknown> = {}) {
    res.status(status).render('account/index', { title: translate(actor.locale, 'account.title'), ...(await this.account.overview(actor)), errors: {}, ...extra });
  }

  @Get()
  async index(@CurrentActor() actor: Actor, @Res() res: Response) {
    return this.page(actor, res);
  }

  @Post('password')
  async changePassword(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: AuthedRequest, @Res() res: Response) {
    const form = await validateForm(PasswordChangeDto, body, actor.locale, 'account');
    const result = form.ok ? await this.account.changePassword(actor, form.value, req.sessionID ?? null) : form;
    if (!result.ok) return this.page(actor, res, 422, { errors: form.ok ? translated(actor, result.errors) : result.errors });
    flash(req, 'success', translate(actor.locale, 'account.passwordChanged'));
    res.redirect(303, '/account');
  }

  /** Enrolment: a new secret kept in the session until a code from the app confirms it. */
  @Get('totp')
  async totpPage(@CurrentActor() actor: Actor, @Req() req: AuthedRequest, @Res() res: Response) {
    if (await this.account.isEnrolled(actor)) return res.redirect(303, '/account');
    req.session.enrolSecret ??= this.account.newSecret();
    res.render('auth/enrol', { title: translate(actor.locale, 'totp.enrolTitle'), action: '/account/totp', ...(await this.account.enrolmentView(actor, req.session.enrolSecret)) });
  }

  @Post('totp')
  async enrol(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: AuthedRequest, @Res() res: Response) {
    const secret = req.session.enrolSecret;
    if (!secret) return res.redirect(303, '/account/totp');
    const form = await validateForm(TotpCodeDto, body, actor.locale, 'totp');
    const result = form.ok ? await this.account.enrol(actor, secret, form.value.code) : form;
    if (!result.ok) {
      const errors = form.ok ? translated(actor, result.errors) : result.errors;
      return res.status(422).render('auth/enrol', { title: translate(actor.locale, 'totp.enrolTitle'), action: '/account/totp', error: errors.code ?? Object.values(errors)[0], ...(await this.account.enrolmentView(actor, secret)) });
    }
    delete req.session.enrolSecret;
    req.session.recoveryCodes = result.codes;
    flash(req, 'success', translate(actor.locale, 'totp.enrolled'));
    res.redirect(303, '/account/recovery-codes');
  }

  @Post('totp/disable')
  async disable(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: AuthedRequest, @Res() res: Response) {
    const form = await validateForm(TotpDisableDto, body, actor.locale, 'account');
    const result = form.ok ? await this.account.disable(actor, form.value.password, form.value.code) : form;
    if (!result.ok) return this.page(actor, res, 422, { totpErrors: form.ok ? translated(actor, result.errors) : result.errors });
    flash(req, 'success', translate(actor.locale, 'totp.disabled'));
    res.redirect(303, '/account');
  }

  @Post('recovery-codes')
  async regenerate(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: AuthedRequest, @Res() res: Response) {
    const form = await validateForm(TotpCodeDto, body, actor.locale, 'totp');
    const result = form.ok ? await this.account.regenerateRecoveryCodes(actor, form.value.code) : form;
    if (!result.ok) return this.page(actor, res, 422, { recoveryErrors: form.ok ? translated(actor, result.errors) : result.errors });
    req.session.recoveryCodes = result.codes;
    res.redirect(303, '/account/recovery-codes');
  }

  /** The recovery codes, shown exactly once after enrolment or regeneration. */
  @Get('recovery-codes')
  recoveryCodes(@CurrentActor() actor: Actor, @Req() req: AuthedRequest, @Res() res: Response) {
    const codes = req.session.recoveryCodes;
    if (!codes?.length) return res.redirect(303, '/account');
    delete req.session.recoveryCodes;
    res.setHeader('Cache-Control', 'no-store');
    res.render('account/recovery-codes', { title: translate(actor.locale, 'totp.recoveryTitle'), codes });
  }
}
