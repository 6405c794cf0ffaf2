import { Module } from '@nestjs/common';
import { EnterprisesModule } from '../enterprises/enterprises.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { SrdiApiController } from './srdi.api.controller.js';
import { SrdiController } from './srdi.controller.js';
import { SrdiService } from './srdi.service.js';

/** The SRDI ladder's facts on the file (rules.md §7): facts with provenance, yearly figures, recognitions. */
@Module({
  imports: [EnterprisesModule, PolicyModule],
  providers: [SrdiService],
  controllers: [SrdiApiController, SrdiController],
  exports: [SrdiService],
})
export class SrdiModule {}
