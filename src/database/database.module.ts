import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { openDataSource } from './read-only-fallback.js';
import { installSqliteSerialisation } from './sqlite-serial.js';
import { typeormOptions } from './typeorm-options.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      // Fail fast at boot rather than retrying for half a minute: the database is local or misconfigured.
      useFactory: (config: AppConfig) => ({ ...typeormOptions(config.database), retryAttempts: 2, retryDelay: 1000 }),
      // A read-only SQLite file is opened read-only rather than failing the start (read-only-fallback.ts);
      // one better-sqlite3 connection is shared: give each transaction exclusive use of it (sqlite-serial.ts).
      dataSourceFactory: async (options) => {
        const dataSource = await openDataSource(options!);
        installSqliteSerialisation(dataSource);
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
