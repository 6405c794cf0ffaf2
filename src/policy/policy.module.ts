import { Module } from '@nestjs/common';
import { EnterprisesModule } from '../enterprises/enterprises.module.js';
import { EligibilityApiController } from './eligibility.api.controller.js';
import { EligibilityService } from './eligibility.service.js';

@Module({ imports: [EnterprisesModule], providers: [EligibilityService], controllers: [EligibilityApiController], exports: [EligibilityService] })
export class PolicyModule {}
