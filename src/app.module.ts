import './i18n/all-catalogues.js'; // every module's catalogue, before anything translates
import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AccountModule } from './account/account.module.js';
import { ApplicationsModule } from './applications/applications.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { ChangesModule } from './changes/changes.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { CultivationModule } from './cultivation/cultivation.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { EnterprisesModule } from './enterprises/enterprises.module.js';
import { HandbookModule } from './handbook/handbook.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { HealthController } from './health/health.controller.js';
import { HomeController } from './home/home.controller.js';
import { ViewContextInterceptor } from './home/view-context.interceptor.js';
import { MergeChildrenRegistration } from './merge-children.js';
import { JobsModule } from './jobs/jobs.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PlanPeriodsModule } from './plan-periods/plan-periods.module.js';
import { PolicyModule } from './policy/policy.module.js';
import { FileLaddersModule } from './policy/file-ladders.module.js';
import { PortalModule } from './portal/portal.module.js';
import { ProjectsModule } from './projects/projects.module.js';
import { RadarModule } from './radar/radar.module.js';
import { ReferenceModule } from './reference/reference.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SettingsModule } from './settings/settings.module.js';
import { SrdiModule } from './srdi/srdi.module.js';
import { RdPostSubsidyModule } from './rd-post-subsidy/rd-post-subsidy.module.js';
import { UsersModule } from './users/users.module.js';
import { KpisModule } from './kpis/kpis.module.js';
import { OffersModule } from './offers/offers.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, ReferenceModule, SettingsModule, PlanPeriodsModule, AuditModule, JobsModule, CalendarModule, AuthModule, AccountModule, UsersModule, EnterprisesModule, DocumentsModule, ImportsModule, PolicyModule, RadarModule, ReportsModule, ScheduleModule.forRoot(), CultivationModule, NotificationsModule, ApplicationsModule, PortalModule, HandbookModule, ChangesModule, SrdiModule, KpisModule, OffersModule, FileLaddersModule, ProjectsModule, RdPostSubsidyModule],
      controllers: [HealthController, HomeController],
      providers: [MergeChildrenRegistration, { provide: APP_INTERCEPTOR, useClass: ViewContextInterceptor }],
    };
  }
}
