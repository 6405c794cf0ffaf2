import { Logger } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { bindSqliteIntegers } from './sqlite-integer-parameters.js';
import { storageProblem } from './storage-errors.js';

/**
 * Opens the database; when a SQLite file (or its directory) turns out to be read-only, opens it
 * read-only instead of failing the start: the application then serves every read, and every
 * change answers 503 "the database is read-only" (see storage-errors.ts) until the file is
 * writable again and the server is restarted. A start that fails would be restarted by the
 * service manager and fail again — a crash loop with nothing served.
 */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  try {
    return bindSqliteIntegers(await new DataSource(options).initialize());
  } catch (err) {
    if (options.type !== 'better-sqlite3' || storageProblem(err) !== 'read-only') throw err;
    new Logger('Database').error(
      `The database file ${String(options.database)} (or its directory) is read-only: serving reads only; every change answers 503 until it is writable and the server restarts (${(err as Error).message})`,
    );
    return bindSqliteIntegers(await new DataSource({
      ...options,
      readonly: true,
      // WAL needs a writable -shm file next to the database; a cleanly closed WAL database is read without it.
      enableWAL: false,
      prepareDatabase: (sqlite: { pragma(source: string): unknown }) => {
        sqlite.pragma('foreign_keys = ON');
        sqlite.pragma('busy_timeout = 10000');
      },
    }).initialize());
  }
}
