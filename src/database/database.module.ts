import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { typeormOptions } from './typeorm-options.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      // Fail fast at boot rather than retrying for half a minute: the database is local or misconfigured.
      useFactory: (config: AppConfig) => ({ ...typeormOptions(config.database), retryAttempts: 2, retryDelay: 1000 }),
    }),
  ],
})
export class DatabaseModule {}
