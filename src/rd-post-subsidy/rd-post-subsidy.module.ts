import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module.js';
import { RdPostSubsidyApiController } from './rd-post-subsidy.api.controller.js';
import { RdPostSubsidyController } from './rd-post-subsidy.controller.js';
import { RdPostSubsidyService } from './rd-post-subsidy.service.js';

/** The R&D post-subsidy's yearly rounds (rules.md §8, issue 16). */
@Module({
  imports: [PolicyModule],
  providers: [RdPostSubsidyService],
  controllers: [RdPostSubsidyApiController, RdPostSubsidyController],
})
export class RdPostSubsidyModule {}
