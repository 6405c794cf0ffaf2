/**
 * npm run restore -- <backup file> [--database sqlite:data/app.sqlite] [--force]
 *
 * Restores a SQLite backup as the application's database (default: DATABASE_URL). Refuses while a
 * process (a running server) has the database open, unless --force, which writes the backup into
 * the open database through SQLite's backup API (restart the server afterwards). Without a running
 * server the current file is kept as <database>.before-restore-<stamp>. Migrations newer than the
 * backup run at the next start. PostgreSQL: use pg_restore (docs/operations.md).
 */
import '../i18n/all-catalogues.js'; // every module's catalogue, before anything translates
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { configFromProcess, loadConfig, type DatabaseConfig } from '../config/app-config.js';
import { restoreSqlite } from './sqlite-backup.js';

function fail(message: string): never {
  process.stderr.write(`restore: ${message}\n`);
  process.exit(1);
}

function database(url: string | undefined): DatabaseConfig {
  try {
    return url ? loadConfig({ DATABASE_URL: url }).database : configFromProcess().database;
  } catch (err) {
    fail((err as Error).message);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { database: { type: 'string' }, force: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) fail('usage: npm run restore -- <backup file> [--database sqlite:<file>] [--force]');
  const db = database(values.database);
  if (db.type === 'postgres') fail('PostgreSQL: restore with pg_restore --clean --if-exists -d <database> <file> (see docs/operations.md)');
  if (db.location === ':memory:') fail('cannot restore into an in-memory database');
  const result = await restoreSqlite(resolve(positionals[0]!), db.location, { force: values.force });
  process.stdout.write(
    `restored into ${result.target} (${result.mode === 'replaced' ? 'file replaced' : 'written into the open database: restart the server now'})\n` +
      `  ${result.migrations} migrations applied in the backup${result.enterprises === null ? '' : `, ${result.enterprises} enterprises`}` +
      `${result.previous ? `\n  the previous database is kept as ${result.previous}` : ''}\n`,
  );
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
