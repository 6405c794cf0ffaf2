import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { ProjectsApiController } from './projects.api.controller.js';
import { ProjectsRagJob } from './projects-rag.job.js';
import { ProjectsService } from './projects.service.js';

/** Key projects (issue 17): files, reports, milestones, tranches, RAG. */
@Module({
  imports: [DocumentsModule],
  providers: [ProjectsService, ProjectsRagJob],
  controllers: [ProjectsApiController],
  exports: [ProjectsService],
})
export class ProjectsModule {}
