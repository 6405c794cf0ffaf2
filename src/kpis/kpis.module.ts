import { Module } from '@nestjs/common';
import { EnterprisesModule } from '../enterprises/enterprises.module.js';
import { KpiGradesService } from './kpi-grades.service.js';
import { KpisApiController } from './kpis.api.controller.js';
import { KpisController } from './kpis.controller.js';
import { KpisService } from './kpis.service.js';

/** Transformation KPIs (亩均效益, rules.md §9): figures per year, the grading batch, the file's KPI page and API. */
@Module({
  imports: [EnterprisesModule],
  providers: [KpisService, KpiGradesService],
  controllers: [KpisApiController, KpisController],
  exports: [KpisService, KpiGradesService],
})
export class KpisModule {}
