import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { flash } from '../common/flash.js';
import { AuditService } from '../audit/audit.service.js';
import { translate } from '../i18n/i18n.js';
import { isLocale, type Locale } from '../i18n/locale.js';
import { LOCALE_COOKIE, requestLocale } from '../i18n/request-locale.js';
import { Public } from './auth.decorators.js';
import type { AuthedRequest, PendingSignIn } from './auth.guard.js';
import { AuthService, toActor, type LoginFailure } from './auth.service.js';
import { CredentialsService } from './credentials.service.js';
import { User } from './user.entity.js';
import { lookupTable } from '../common/own-key.js';

/** Only same-site relative paths: never an open redirect. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/|\\)[^\s]*$/.test(next) && next.length < 512 ? next : '/';
}

/** Session-store failures (e.g. a read-only or full database) reach the exception filter: 503, not a hung request. */
const regenerate = (req: AuthedRequest) => new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
const saveSession = (req: AuthedRequest) => new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));

/** A password-checked sign-in waits this long for its second factor. */
const PENDING_MS = 5 * 60_000;

const FAILURE_KEYS: Record<LoginFailure, string> = lookupTable<Record<LoginFailure, string>>({
  'bad-credentials': 'login.failed',
  locked: 'login.locked',
  inactive: 'login.inactive',
  throttled: 'login.throttled',
  'totp-required': 'totp.required',
  'totp-invalid': 'totp.invalid',
  'enrolment-required': 'totp.enrolRequired',
});

@ApiExcludeController()
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly credentials: CredentialsService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('login')
  @Public()
  @Render('auth/login')
  loginPage(@Query('next') next: string | undefined, @Query('loggedOut') loggedOut: string | undefined, @Query('expired') expired: string | undefined, @Req() req: AuthedRequest) {
    const locale = requestLocale(req);
    return {
      layout: 'layouts/bare',
      title: translate(locale, 'login.title'),
      next: safeNext(next),
      notice: loggedOut ? translate(locale, 'logout.done') : expired ? translate(locale, 'login.sessionExpired') : null,
    };
  }

  @Post('login')
  @Public()
  async login(@Body() body: Record<string, unknown>, @Req() req: AuthedRequest, @Res() res: Response) {
    const locale = requestLocale(req);
    const username = typeof body.username === 'string' ? body.username.slice(0, 256) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 1024) : '';
    const next = safeNext(body.next);
    const fail = (message: string) =>
      res.status(422).render('auth/login', { layout: 'layouts/bare', title: translate(locale, 'login.title'), next, username, error: message });
    if (!username.trim() || !password) return fail(translate(locale, 'login.required'));

    const ip = req.ip ?? 'unknown';
    const result = await this.auth.checkPassword(username, password, ip, 'web');
    if (!result.ok) return fail(translate(locale, FAILURE_KEYS[result.reason], { minutes: result.lockedMinutes ?? '' }));

    const factor = this.auth.secondFactorFor(result.user);
    if (factor === 'none') {
      await this.auth.completeSignIn(result.user, ip, 'web', null, result.attempt);
      return this.startSession(req, res, result.user, next);
    }
    // Password right, second factor to come: a fresh session that is not signed in yet.
    const pending: PendingSignIn = { userId: result.user.id, at: Date.now(), next, enrol: factor === 'enrol' };
    await regenerate(req);
    req.session.pending = pending;
    await saveSession(req);
    res.redirect(303, pending.enrol ? '/login/enrol' : '/login/totp');
  }

  /** The pending sign-in of this browser, if still fresh. */
  private pending(req: AuthedRequest): PendingSignIn | null {
    const p = req.session?.pending;
    if (!p || Date.now() - p.at > PENDING_MS) return null;
    return p;
  }

  @Get('login/totp')
  @Public()
  totpPage(@Req() req: AuthedRequest, @Res() res: Response) {
    const pending = this.pending(req);
    if (!pending || pending.enrol) return res.redirect(303, '/login?expired=1');
    const locale = requestLocale(req);
    res.render('auth/totp', { layout: 'layouts/bare', title: translate(locale, 'totp.stepTitle') });
  }

  @Post('login/totp')
  @Public()
  async totp(@Body() body: Record<string, unknown>, @Req() req: AuthedRequest, @Res() res: Response) {
    const pending = this.pending(req);
    if (!pending || pending.enrol) return res.redirect(303, '/login?expired=1');
    const locale = requestLocale(req);
    const code = typeof body.code === 'string' ? body.code : '';
    const ip = req.ip ?? 'unknown';
    const result = await this.auth.checkSecondFactor(pending.userId, code, ip, 'web');
    if (!result.ok) {
      const message = translate(locale, FAILURE_KEYS[result.reason], { minutes: result.lockedMinutes ?? '' });
      if (result.reason === 'locked' || result.reason === 'inactive') {
        // Start again from the password: the lock (or deactivation) is shown there.
        delete req.session.pending;
        return res.status(422).render('auth/login', { layout: 'layouts/bare', title: translate(locale, 'login.title'), next: pending.next, error: message });
      }
      return res.status(422).render('auth/totp', { layout: 'layouts/bare', title: translate(locale, 'totp.stepTitle'), error: message });
    }
    await this.auth.completeSignIn(result.user, ip, 'web', result.used === 'recovery' ? 'recovery-code' : null, result.attempt);
    if (result.used === 'recovery') {
      const left = await this.credentials.remainingRecoveryCodes(result.user.id);
      return this.startSession(req, res, result.user, pending.next, translate(result.user.locale as Locale, 'totp.recoveryUsed', { left }));
    }
    return this.startSession(req, res, result.user, pending.next);
  }

  /** First sign-in of an admin or manager when two-factor sign-in is required: enrol now. */
  @Get('login/enrol')
  @Public()
  async enrolPage(@Req() req: AuthedRequest, @Res() res: Response) {
    const pending = this.pending(req);
    if (!pending?.enrol) return res.redirect(303, '/login?expired=1');
    const user = await this.dataSource.getRepository(User).findOneBy({ id: pending.userId });
    if (!user) return res.redirect(303, '/login?expired=1');
    pending.secret ??= this.credentials.newSecret();
    const locale = requestLocale(req);
    res.render('auth/enrol', { layout: 'layouts/bare', title: translate(locale, 'totp.enrolTitle'), action: '/login/enrol', firstSignIn: true, ...(await this.credentials.enrolmentView(pending.secret, user.username)) });
  }

  @Post('login/enrol')
  @Public()
  async enrol(@Body() body: Record<string, unknown>, @Req() req: AuthedRequest, @Res() res: Response) {
    const pending = this.pending(req);
    if (!pending?.enrol || !pending.secret) return res.redirect(303, '/login?expired=1');
    const locale = requestLocale(req);
    const user = await this.dataSource.getRepository(User).findOneBy({ id: pending.userId });
    if (!user || !user.active || this.auth.lockedMinutes(user)) {
      delete req.session.pending;
      return res.redirect(303, '/login?expired=1');
    }
    const code = typeof body.code === 'string' ? body.code.slice(0, 32) : '';
    const secret = pending.secret;
    const codes = await this.dataSource.transaction(async (em) => {
      const created = await this.credentials.enrol(em, user.id, secret, code);
      if (created) await this.audit.record(em, toActor(user), { action: 'totp-enrol', entity: 'user', entityId: user.id, after: { totp: true } });
      return created;
    });
    if (!codes) {
      return res.status(422).render('auth/enrol', {
        layout: 'layouts/bare', title: translate(locale, 'totp.enrolTitle'), action: '/login/enrol', firstSignIn: true,
        error: translate(locale, 'totp.invalid'), ...(await this.credentials.enrolmentView(secret, user.username)),
      });
    }
    await this.auth.completeSignIn(user, req.ip ?? 'unknown', 'web', 'totp-enrolled');
    return this.startSession(req, res, user, '/account/recovery-codes', null, codes);
  }

  /** A fresh session id at sign-in defeats session fixation. */
  private async startSession(req: AuthedRequest, res: Response, user: User, next: string, notice: string | null = null, recoveryCodes?: string[]) {
    await regenerate(req);
    req.session.userId = user.id;
    req.session.startedAt = Date.now();
    if (recoveryCodes) req.session.recoveryCodes = recoveryCodes;
    if (notice) flash(req, 'warning', notice);
    res.cookie(LOCALE_COOKIE, user.locale, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 86400_000 });
    await saveSession(req);
    res.redirect(303, next);
  }

  @Post('logout')
  @Public()
  logout(@Req() req: AuthedRequest, @Res() res: Response) {
    if (!req.session) return res.redirect(303, '/login?loggedOut=1');
    req.session.destroy(() => res.redirect(303, '/login?loggedOut=1'));
  }

  /** The language switch: remembered per user (and in a cookie for the sign-in page). */
  @Post('locale')
  @Public()
  async switchLocale(@Body() body: Record<string, unknown>, @Req() req: AuthedRequest, @Res() res: Response) {
    const locale = isLocale(body.locale) ? body.locale : 'zh-CN';
    res.cookie(LOCALE_COOKIE, locale, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 86400_000 });
    if (req.actor) {
      await this.dataSource.getRepository(User).update(req.actor.userId, { locale });
      // Read by every worker at once; the user row reaches other workers' caches within a second.
      req.session.locale = locale;
      await saveSession(req);
    }
    res.redirect(303, safeNext(body.next));
  }
}
