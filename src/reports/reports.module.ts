import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module.js';
import { LadderModule } from '../ladder/ladder.module.js';
import { LadderReportsService } from './ladder-reports.service.js';
import { DashboardService } from './dashboard.service.js';
import { ForecastService } from './forecast.service.js';
import { ReportsApiController } from './reports.api.controller.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';
import { TargetsService } from './targets.service.js';
import { PlanCockpitApiController, PlanCockpitController } from './plan-cockpit.controller.js';
import { PlanCockpitService } from './plan-cockpit.service.js';

/** The manager's pipeline dashboard: reports, charts, exports, targets, forecast (issue 6). */
@Module({
  imports: [PolicyModule, LadderModule],
  providers: [ReportsService, DashboardService, ForecastService, TargetsService, PlanCockpitService, LadderReportsService],
  controllers: [ReportsApiController, ReportsController, PlanCockpitApiController, PlanCockpitController],
  exports: [ReportsService, DashboardService],
})
export class ReportsModule {}
