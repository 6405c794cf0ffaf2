import { StoredFactsController } from './stored-facts.controller.js';
import { StoredFactsApiController } from './stored-facts.api.controller.js';
import { StoredFactsService } from './stored-facts.service.js';
import { Module } from '@nestjs/common';
import { ActivitiesService } from '../activities/activities.service.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { uploadMulterModule } from '../documents/upload-storage.js';
import { ImportsController } from '../imports/imports.controller.js';
import { ImportsModule } from '../imports/imports.module.js';
import { EnterpriseExportController } from './enterprise-export.controller.js';
import { EnterpriseExportService } from './enterprise-export.service.js';
import { EnterpriseMergeService } from './enterprise-merge.service.js';
import { EnterpriseApiController, TaskApiController } from './enterprise.api.controller.js';
import { EnterpriseController, TaskController } from './enterprise.controller.js';
import { EnterprisePagesService } from './enterprise-pages.service.js';
import { EnterprisesService } from './enterprises.service.js';

/**
 * Controller order matters: Express matches routes in registration order, and the export and
 * import pages (`/enterprises/export.csv`, `/enterprises/import`, `/api/v1/enterprises/export`)
 * must be registered before the file's `/enterprises/:id` routes would take them for an id.
 */
@Module({
  imports: [DocumentsModule, ImportsModule, uploadMulterModule()],
  providers: [EnterprisesService, StoredFactsService, ActivitiesService, EnterpriseExportService, EnterpriseMergeService, EnterprisePagesService],
  controllers: [EnterpriseExportController, ImportsController, EnterpriseApiController, StoredFactsApiController, TaskApiController, EnterpriseController, StoredFactsController, TaskController],
  exports: [EnterprisesService, StoredFactsService, ActivitiesService, EnterpriseMergeService],
})
export class EnterprisesModule {}
