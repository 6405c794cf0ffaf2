import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { csrfSync } from 'csrf-sync';
import type { Request } from 'express';
import { isApiRoute } from '../auth/api-route.js';
import { ForbiddenError } from './errors.js';

/**
 * Synchronizer-token CSRF protection for the HTML face: the token lives in the session and every
 * form posts it back as `_csrf` (multipart forms send it in the query string or a header, because
 * the body is parsed after the guards run). The bearer-token JSON API carries no cookies and is exempt.
 */
export const csrf = csrfSync({
  getTokenFromRequest: (req: Request) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    const fromHeader = req.headers['x-csrf-token'];
    if (typeof fromHeader === 'string') return fromHeader;
    const fromQuery = req.query?._csrf;
    return typeof fromQuery === 'string' ? fromQuery : undefined;
  },
});

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export class CsrfError extends ForbiddenError {
  override readonly messageKey = 'error.csrf';
  constructor() {
    super('Invalid or missing CSRF token');
  }
}

@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    // API routes (however the path is spelt) take no cookie, so they need no CSRF token.
    if (SAFE.has(req.method) || isApiRoute(context)) return true;
    if (!req.session || !csrf.isRequestValid(req)) throw new CsrfError();
    // The token field must not trip whitelist validation of the form DTO.
    if (req.body && typeof req.body === 'object') delete (req.body as Record<string, unknown>)._csrf;
    return true;
  }
}
