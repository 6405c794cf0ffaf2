import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module.js';
import { HandbookController, PreScreenApiController } from './handbook.controller.js';
import { HandbookService } from './handbook.service.js';
import { PreScreenRateGuard } from './pre-screen.guard.js';

/** The public face of the rules: the policy handbook (/policies) and the pre-screener. */
@Module({
  imports: [PolicyModule],
  providers: [HandbookService, PreScreenRateGuard],
  controllers: [HandbookController, PreScreenApiController],
})
export class HandbookModule {}
