import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { openDataSource } from './read-only-fallback.js';
import { guardReporter, guardSecondConnections, type TxGuardMode } from './second-connection-guard.js';
import { installSqliteSerialisation } from './sqlite-serial.js';
import { typeormOptions } from './typeorm-options.js';

/** The configured TX_GUARD, read by useFactory (which has the config) for dataSourceFactory (which has not). */
let txGuard: { mode: TxGuardMode; survey: string | null } = { mode: 'off', survey: null };

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      // Fail fast at boot rather than retrying for half a minute: the database is local or misconfigured.
      useFactory: (config: AppConfig) => {
        txGuard = { mode: config.txGuard, survey: config.txGuardSurvey };
        return { ...typeormOptions(config.database), retryAttempts: 2, retryDelay: 1000 };
      },
      // A read-only SQLite file is opened read-only rather than failing the start (read-only-fallback.ts);
      // one better-sqlite3 connection is shared: give each transaction exclusive use of it (sqlite-serial.ts).
      dataSourceFactory: async (options) => {
        const dataSource = await openDataSource(options!);
        installSqliteSerialisation(dataSource);
        // Outside production: a statement that leaves its transaction for a second connection is reported.
        return guardSecondConnections(dataSource, txGuard.mode, guardReporter(txGuard.survey));
      },
    }),
  ],
})
export class DatabaseModule {}
