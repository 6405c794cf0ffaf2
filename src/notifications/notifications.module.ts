import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { InboxCountInterceptor } from './inbox-count.interceptor.js';
import { MailService } from './mail.service.js';
import { NotificationsApiController, NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';

/** The in-app inbox and e-mail through SMTP when configured. */
@Module({
  providers: [NotificationsService, MailService, { provide: APP_INTERCEPTOR, useClass: InboxCountInterceptor }],
  controllers: [NotificationsController, NotificationsApiController],
  exports: [NotificationsService, MailService],
})
export class NotificationsModule {}
