import { Module } from '@nestjs/common';
import { ChangesApiController } from './changes.api.controller.js';
import { ChangesService } from './changes.service.js';

/** The change feed for the city's data platform (issue 20). */
@Module({ providers: [ChangesService], controllers: [ChangesApiController] })
export class ChangesModule {}
