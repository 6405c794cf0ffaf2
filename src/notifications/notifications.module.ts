import { Module } from '@nestjs/common';
import { MailService } from './mail.service.js';
import { NotificationsApiController, NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';

/** The in-app inbox and e-mail through SMTP when configured. */
@Module({
  providers: [NotificationsService, MailService],
  controllers: [NotificationsController, NotificationsApiController],
  exports: [NotificationsService, MailService],
})
export class NotificationsModule {}
