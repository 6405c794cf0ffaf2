import { Module } from '@nestjs/common';
import { LadderModule } from '../ladder/ladder.module.js';
import { RadarController } from './radar.controller.js';
import { RadarService } from './radar.service.js';

@Module({ imports: [LadderModule], providers: [RadarService], controllers: [RadarController], exports: [RadarService] })
export class RadarModule {}
