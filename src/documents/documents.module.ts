import { Module } from '@nestjs/common';
import { DocumentsApiController } from './documents.api.controller.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsService } from './documents.service.js';
import { uploadMulterModule } from './upload-storage.js';

/** Evidence documents on enterprise files; DocumentsService is the API other modules attach through. */
@Module({
  imports: [uploadMulterModule()],
  providers: [DocumentsService],
  controllers: [DocumentsApiController, DocumentsController],
  exports: [DocumentsService],
})
export class DocumentsModule {}
