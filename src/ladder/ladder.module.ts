import { Module } from '@nestjs/common';
import { LaddersApiController } from './ladders.api.controller.js';
import { LaddersService } from './ladders.service.js';
import { RecognitionsService } from './recognitions.service.js';

/** Recognitions on the ladders, the enterprise's current tier derived from them, and the configured ladders. */
@Module({ providers: [RecognitionsService, LaddersService], controllers: [LaddersApiController], exports: [RecognitionsService, LaddersService] })
export class LadderModule {}
