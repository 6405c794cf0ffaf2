import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { uploadMulterModule } from '../documents/upload-storage.js';
import { EnterprisesModule } from '../enterprises/enterprises.module.js';
import { LadderModule } from '../ladder/ladder.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { ApplicationDocumentsService } from './application-documents.service.js';
import { ApplicationEvaluator } from './application-evaluator.js';
import { ApplicationsApiController, BatchesApiController, ListsApiController } from './applications.api.controller.js';
import { ApplicationsController, BatchesController, ListsController } from './applications.controller.js';
import { ApplicationsService } from './applications.service.js';
import { ApplicationPagesService } from './application-pages.service.js';
import { BatchesService } from './batches.service.js';
import { DeadlinesService } from './deadlines.service.js';
import { LoansService } from './loans.service.js';
import { WorkflowService } from './workflow.service.js';

/** Applications, their workflows, IP-pledge loans, batches with public notice, and the published lists. */
@Module({
  imports: [EnterprisesModule, PolicyModule, DocumentsModule, NotificationsModule, LadderModule, uploadMulterModule()],
  providers: [ApplicationsService, WorkflowService, LoansService, BatchesService, ApplicationEvaluator, ApplicationDocumentsService, DeadlinesService, ApplicationPagesService],
  controllers: [ApplicationsApiController, BatchesApiController, ListsApiController, ApplicationsController, BatchesController, ListsController],
  exports: [ApplicationsService],
})
export class ApplicationsModule {}
