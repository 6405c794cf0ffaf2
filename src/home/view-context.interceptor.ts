import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { navigationFor } from './navigation.js';

/** Puts the role's navigation into every rendered page once the actor is known. */
@Injectable()
export class ViewContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<AuthedRequest>();
    if (req.actor && !req.path.startsWith('/api/')) {
      const res = http.getResponse<Response>();
      res.locals.nav = navigationFor(req.actor, req.path);
      res.locals.roleKey = `role.${req.actor.role}`;
    }
    return next.handle();
  }
}
