import { Global, Module } from '@nestjs/common';
import { PlanPeriodsController } from './plan-periods.controller.js';
import { PlanPeriodsService } from './plan-periods.service.js';

/** Plan periods; global so reports and cultivation resolve the period of a year. */
@Global()
@Module({ providers: [PlanPeriodsService], controllers: [PlanPeriodsController], exports: [PlanPeriodsService] })
export class PlanPeriodsModule {}
