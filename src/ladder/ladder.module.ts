import { Module } from '@nestjs/common';
import { RecognitionsService } from './recognitions.service.js';

/** Recognitions on the ladder and the enterprise's current tier derived from them. */
@Module({ providers: [RecognitionsService], exports: [RecognitionsService] })
export class LadderModule {}
