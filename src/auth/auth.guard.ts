import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../common/errors.js';
import { isLocale } from '../i18n/locale.js';
import type { Actor } from './actor.js';
import { isApiRoute } from './api-route.js';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { BUSINESS_ROLES, READ_ONLY_ROLES, type Role } from './role.js';

/** A sign-in that passed the password and waits for the second factor (or for enrolment). */
export interface PendingSignIn {
  userId: number;
  at: number;
  next: string;
  enrol: boolean;
  /** The secret being enrolled (kept server-side in the session until confirmed). */
  secret?: string;
}

export type AuthedRequest = Request & {
  actor?: Actor;
  session: Request['session'] & { userId?: number; startedAt?: number; locale?: string; pending?: PendingSignIn; recoveryCodes?: string[]; enrolSecret?: string };
};

/**
 * The global guard: the JSON API authenticates by bearer token only (no cookies, so no CSRF),
 * pages by the session. Routes are private unless marked @Public; @Roles narrows them.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false;

    const api = isApiRoute(context);
    const actor = await this.resolveActor(req, api);
    if (actor) {
      // The language this browser last chose wins over the user row: another worker's cached copy
      // of the user may be up to a second older than the switch (auth-cache.ts).
      if (!api && isLocale(req.session?.locale)) actor.locale = req.session.locale;
      req.actor = actor;
      res.locals.actor = actor;
      res.locals.locale = actor.locale;
    }
    if (isPublic) return true;
    if (!actor) throw new UnauthenticatedError();
    // Routes without @Roles are for the business roles: the auditor only reaches routes that name it.
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? BUSINESS_ROLES;
    if (!roles.includes(actor.role)) throw new ForbiddenError();
    // A read-only role writes nothing, whatever a route's @Roles says (fails closed on a mistake there).
    if (READ_ONLY_ROLES.includes(actor.role) && req.method !== 'GET' && req.method !== 'HEAD') throw new ForbiddenError('This account reads data only');
    return true;
  }

  /** API routes (decided by api-route.ts, whatever the path's spelling) by bearer token only, never by the cookie. */
  private async resolveActor(req: AuthedRequest, api: boolean): Promise<Actor | null> {
    const header = req.headers.authorization;
    if (api) {
      const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
      return match ? this.auth.actorFromToken(match[1]) : null;
    }
    const userId = req.session?.userId;
    if (!userId) return null;
    return this.auth.actorFromUserId(userId);
  }
}
