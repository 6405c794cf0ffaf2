import { Module } from '@nestjs/common';
import { ActivitiesService } from '../activities/activities.service.js';
import { EnterpriseApiController, TaskApiController } from './enterprise.api.controller.js';
import { EnterpriseController, TaskController } from './enterprise.controller.js';
import { EnterprisesService } from './enterprises.service.js';

@Module({
  providers: [EnterprisesService, ActivitiesService],
  controllers: [EnterpriseApiController, TaskApiController, EnterpriseController, TaskController],
  exports: [EnterprisesService, ActivitiesService],
})
export class EnterprisesModule {}
