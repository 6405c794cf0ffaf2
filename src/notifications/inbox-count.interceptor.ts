import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { NotificationsService } from './notifications.service.js';
import { hasInbox } from '../home/home.policy.js';

/** Puts the signed-in user's unread count into every page (the inbox badge in the sidebar). */
@Injectable()
export class InboxCountInterceptor implements NestInterceptor {
  constructor(private readonly notifications: NotificationsService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    if (req.actor && req.method === 'GET' && !req.path.startsWith('/api/') && hasInbox(req.actor)) {
      context.switchToHttp().getResponse<Response>().locals.inboxUnread = await this.notifications.unreadCount(req.actor);
    }
    return next.handle();
  }
}
