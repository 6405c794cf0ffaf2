import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { SQLITE_STATEMENT_CACHE } from './sqlite-integer-parameters.js';

/**
 * One place that turns the database config into TypeORM options, for the app, the CLI and tests.
 * Schema changes only by migrations: synchronize is never on here.
 */
export function typeormOptions(db: DatabaseConfig): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, migrationsRun: false, logging: false } as const;
  if (db.type === 'postgres') {
    // A request that finds every pooled connection busy waits at most DB_POOL_WAIT_MS (15 s), then
    // answers 503 "busy" (storage-errors.ts) instead of waiting for ever (node-postgres's default).
    return { ...common, type: 'postgres', url: db.location, extra: { max: db.poolMax ?? 10, connectionTimeoutMillis: db.poolWaitMs ?? 15_000 } };
  }
  if (db.location !== ':memory:') mkdirSync(dirname(db.location), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: db.location,
    enableWAL: true,
    // The app's distinct statements (integers bound, sqlite-integer-parameters.ts) stay compiled.
    statementCacheSize: SQLITE_STATEMENT_CACHE,
    // Writers wait for the lock instead of failing with SQLITE_BUSY under concurrent load.
    timeout: 10_000,
    prepareDatabase: (sqlite: { pragma(source: string): unknown }) => {
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 10000');
      sqlite.pragma('synchronous = NORMAL');
    },
  };
}
