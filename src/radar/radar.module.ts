import { Module } from '@nestjs/common';
import { RadarController } from './radar.controller.js';
import { RadarService } from './radar.service.js';

@Module({ providers: [RadarService], controllers: [RadarController], exports: [RadarService] })
export class RadarModule {}
