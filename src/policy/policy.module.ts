import { Module } from '@nestjs/common';
import { EnterprisesModule } from '../enterprises/enterprises.module.js';
import { EligibilityApiController } from './eligibility.api.controller.js';
import { EligibilityController } from './eligibility.controller.js';
import { EligibilityService } from './eligibility.service.js';

@Module({ imports: [EnterprisesModule], providers: [EligibilityService], controllers: [EligibilityApiController, EligibilityController], exports: [EligibilityService] })
export class PolicyModule {}
