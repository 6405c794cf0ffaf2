import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { translate } from '../i18n/i18n.js';
import { isLocale } from '../i18n/locale.js';
import { LOCALE_COOKIE, requestLocale } from '../i18n/request-locale.js';
import { Public } from './auth.decorators.js';
import type { AuthedRequest } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { User } from './user.entity.js';

/** Only same-site relative paths: never an open redirect. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/|\\)[^\s]*$/.test(next) && next.length < 512 ? next : '/';
}

@ApiExcludeController()
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('login')
  @Public()
  @Render('auth/login')
  loginPage(@Query('next') next: string | undefined, @Query('loggedOut') loggedOut: string | undefined, @Req() req: AuthedRequest) {
    const locale = requestLocale(req);
    return {
      layout: 'layouts/bare',
      title: translate(locale, 'login.title'),
      next: safeNext(next),
      notice: loggedOut ? translate(locale, 'logout.done') : null,
    };
  }

  @Post('login')
  @Public()
  async login(@Body() body: Record<string, unknown>, @Req() req: AuthedRequest, @Res() res: Response) {
    const locale = requestLocale(req);
    const username = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    const fail = (message: string) =>
      res.status(422).render('auth/login', { layout: 'layouts/bare', title: translate(locale, 'login.title'), next, username, error: message });
    if (!username.trim() || !password) return fail(translate(locale, 'login.required'));

    const result = await this.auth.authenticate(username, password, req.ip ?? 'unknown', 'web');
    if (!result.ok) {
      const key = { 'bad-credentials': 'login.failed', locked: 'login.locked', inactive: 'login.inactive', throttled: 'login.throttled' }[result.reason];
      return fail(translate(locale, key, { minutes: result.lockedMinutes ?? '' }));
    }
    // A fresh session id at sign-in defeats session fixation.
    req.session.regenerate((err) => {
      if (err) return res.status(500).render('errors/error', { status: 500, text: translate(locale, 'error.500') });
      req.session.userId = result.user.id;
      req.session.startedAt = Date.now();
      res.cookie(LOCALE_COOKIE, result.user.locale, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 86400_000 });
      req.session.save(() => res.redirect(303, next));
    });
  }

  @Post('logout')
  @Public()
  logout(@Req() req: Request, @Res() res: Response) {
    if (!req.session) return res.redirect(303, '/login?loggedOut=1');
    req.session.destroy(() => res.redirect(303, '/login?loggedOut=1'));
  }

  /** The language switch: remembered per user (and in a cookie for the sign-in page). */
  @Post('locale')
  @Public()
  async switchLocale(@Body() body: Record<string, unknown>, @Req() req: AuthedRequest, @Res() res: Response) {
    const locale = isLocale(body.locale) ? body.locale : 'zh-CN';
    res.cookie(LOCALE_COOKIE, locale, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 86400_000 });
    if (req.actor) await this.dataSource.getRepository(User).update(req.actor.userId, { locale });
    res.redirect(303, safeNext(body.next));
  }
}
