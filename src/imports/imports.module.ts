import { Module } from '@nestjs/common';
import { uploadMulterModule } from '../documents/upload-storage.js';
import { ImportsApiController } from './imports.api.controller.js';
import { ImportEvents } from './import-events.js';
import { ImportsService } from './imports.service.js';
import { KpiGradesService } from '../kpis/kpi-grades.service.js';

/**
 * Imports of registry, tax and IP-office files. The HTML pages (ImportsController) are declared
 * in EnterprisesModule, ahead of `/enterprises/:id`, because they live under /enterprises/import.
 */
@Module({
  imports: [uploadMulterModule()],
  // KpiGradesService (stateless) regrades the years a KPI import touched, inside its transaction.
  providers: [ImportsService, KpiGradesService, ImportEvents],
  controllers: [ImportsApiController],
  exports: [ImportsService, ImportEvents],
})
export class ImportsModule {}
