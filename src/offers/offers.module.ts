import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { OffersApiController } from './offers.api.controller.js';
import { OffersController } from './offers.controller.js';
import { OffersService } from './offers.service.js';

/** Offers (免申即享, issue 15): matching after each batch, the enterprise's answers, flip notices, take-up. */
@Module({
  imports: [PolicyModule, ApplicationsModule, NotificationsModule, ReportsModule],
  providers: [OffersService],
  controllers: [OffersApiController, OffersController],
  exports: [OffersService],
})
export class OffersModule {}
