import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { installSqliteSerialisation } from './sqlite-serial.js';
import { typeormOptions } from './typeorm-options.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      // Fail fast at boot rather than retrying for half a minute: the database is local or misconfigured.
      useFactory: (config: AppConfig) => ({ ...typeormOptions(config.database), retryAttempts: 2, retryDelay: 1000 }),
      // One better-sqlite3 connection is shared: give each transaction exclusive use of it (sqlite-serial.ts).
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        installSqliteSerialisation(dataSource);
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
