import { Module } from '@nestjs/common';
import { EnterprisesModule } from '../enterprises/enterprises.module.js';
import { ImportsModule } from '../imports/imports.module.js';
import { LadderModule } from '../ladder/ladder.module.js';
import { BatchEvaluationService } from './batch-evaluation.service.js';
import { EligibilityApiController } from './eligibility.api.controller.js';
import { EligibilityController } from './eligibility.controller.js';
import { EligibilityService } from './eligibility.service.js';
import { PolicyApiController } from './policy.api.controller.js';
import { RuleSetsController } from './rule-sets/rule-sets.controller.js';
import { RuleSetsService } from './rule-sets/rule-sets.service.js';
import { SelfCheckService } from './self-check.service.js';

@Module({
  imports: [EnterprisesModule, LadderModule, ImportsModule],
  providers: [EligibilityService, RuleSetsService, BatchEvaluationService, SelfCheckService],
  controllers: [EligibilityApiController, EligibilityController, PolicyApiController, RuleSetsController],
  exports: [EligibilityService, RuleSetsService, BatchEvaluationService, SelfCheckService],
})
export class PolicyModule {}
