import { Module } from '@nestjs/common';
import { EnterprisesModule } from '../enterprises/enterprises.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { InvitationsService } from './invitations.service.js';
import { InvitationsApiController, PortalController } from './portal.controller.js';

/** The enterprise portal's way in: invitations with one-time activation links. */
@Module({
  imports: [EnterprisesModule, NotificationsModule],
  providers: [InvitationsService],
  controllers: [InvitationsApiController, PortalController],
})
export class PortalModule {}
