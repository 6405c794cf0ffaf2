import { Module } from '@nestjs/common';
import { EnterprisesModule } from '../enterprises/enterprises.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { ApplicationLinkService } from './application-link.js';
import { CandidateExportService } from './candidate-export.service.js';
import { CultivationApiController } from './cultivation.api.controller.js';
import { CultivationController } from './cultivation.controller.js';
import { CultivationPagesService } from './cultivation-pages.service.js';
import { MemberWatchService } from './member-watch.service.js';
import { PoolService } from './pool.service.js';
import { RenewalsService } from './renewals.service.js';
import { ScreeningService } from './screening.service.js';
import { PoolTargetsService } from './pool-targets.service.js';

/**
 * The high-tech cultivation pool (issue 9): screening, pool membership and plans, re-evaluation on
 * change, renewals and targets. `PoolTargetsService.poolFigures(actor, { year, districtCode })` is the
 * hook for the manager dashboard (reports).
 */
@Module({
  imports: [EnterprisesModule, PolicyModule],
  providers: [ScreeningService, PoolService, MemberWatchService, PoolTargetsService, RenewalsService, CandidateExportService, ApplicationLinkService, CultivationPagesService],
  controllers: [CultivationApiController, CultivationController],
  exports: [PoolTargetsService, PoolService, ScreeningService],
})
export class CultivationModule {}
