import { Global, Module } from '@nestjs/common';
import { FileLaddersService } from './file-ladders.service.js';
import { LadderModule } from '../ladder/ladder.module.js';
import { PolicyModule } from './policy.module.js';

/**
 * Global so that the enterprise file page (EnterprisesModule, which PolicyModule itself imports)
 * can show every ladder without a module cycle; the provider chain has none.
 */
@Global()
@Module({ imports: [PolicyModule, LadderModule], providers: [FileLaddersService], exports: [FileLaddersService] })
export class FileLaddersModule {}
