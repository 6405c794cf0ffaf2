import { Global, Module } from '@nestjs/common';
import { JobsService } from './jobs.service.js';
import { ScheduleLeaseService } from './schedule-lease.service.js';

@Global()
@Module({ providers: [JobsService, ScheduleLeaseService], exports: [JobsService, ScheduleLeaseService] })
export class JobsModule {}
