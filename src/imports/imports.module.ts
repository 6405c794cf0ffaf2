import { Module } from '@nestjs/common';
import { uploadMulterModule } from '../documents/upload-storage.js';
import { ImportsApiController } from './imports.api.controller.js';
import { ImportsService } from './imports.service.js';

/**
 * Imports of registry, tax and IP-office files. The HTML pages (ImportsController) are declared
 * in EnterprisesModule, ahead of `/enterprises/:id`, because they live under /enterprises/import.
 */
@Module({
  imports: [uploadMulterModule()],
  providers: [ImportsService],
  controllers: [ImportsApiController],
  exports: [ImportsService],
})
export class ImportsModule {}
