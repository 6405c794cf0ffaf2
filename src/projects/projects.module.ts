import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { uploadMulterModule } from '../documents/upload-storage.js';
import { EnterprisesModule } from '../enterprises/enterprises.module.js';
import { ProjectsController } from './projects.controller.js';
import { ProjectsExportService } from './projects-export.service.js';
import { ProjectsApiController } from './projects.api.controller.js';
import { ProjectsRagJob } from './projects-rag.job.js';
import { ProjectsService } from './projects.service.js';

/** Key projects (issue 17): files, reports, milestones, tranches, RAG. */
@Module({
  imports: [DocumentsModule, EnterprisesModule, uploadMulterModule()],
  providers: [ProjectsService, ProjectsRagJob, ProjectsExportService],
  controllers: [ProjectsApiController, ProjectsController],
  exports: [ProjectsService],
})
export class ProjectsModule {}
