/**
 * npm run backup -- [--out file] [--database sqlite:data/app.sqlite]
 *
 * Online backup while the server runs. SQLite: SQLite's backup API into a new file (default
 * data/backups/<name>-<UTC stamp>.sqlite), verified with quick_check. PostgreSQL: runs pg_dump
 * (custom format) when it is installed. The database defaults to the application's DATABASE_URL.
 */
import '../i18n/all-catalogues.js'; // every module's catalogue, before anything translates
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { configFromProcess, loadConfig, type DatabaseConfig } from '../config/app-config.js';
import { backupSqlite, defaultBackupFile } from './sqlite-backup.js';

function fail(message: string): never {
  process.stderr.write(`backup: ${message}\n`);
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
  const { values } = parseArgs({ options: { out: { type: 'string' }, database: { type: 'string' } }, strict: true });
  const db = database(values.database);
  if (db.type === 'postgres') {
    const out = resolve(values.out ?? `backup-${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}.dump`);
    const run = spawnSync('pg_dump', ['--format=custom', `--file=${out}`, `--dbname=${db.location}`], { stdio: 'inherit' });
    if (run.error) fail(`pg_dump could not run (${run.error.message}): install postgresql-client, see docs/operations.md`);
    if (run.status !== 0) fail(`pg_dump exited with ${run.status}`);
    process.stdout.write(`backup written: ${out} (pg_dump custom format; restore with pg_restore, see docs/operations.md)\n`);
    return;
  }
  if (db.location === ':memory:') fail('an in-memory database has nothing to back up');
  const out = resolve(values.out ?? defaultBackupFile(db.location));
  const result = await backupSqlite(db.location, out);
  process.stdout.write(
    `backup written: ${result.file}\n  ${(result.bytes / 1e6).toFixed(1)} MB, ${result.pages} pages in ${result.ms} ms; quick_check ok; ` +
      `${result.migrations} migrations applied${result.enterprises === null ? '' : `, ${result.enterprises} enterprises`}\n`,
  );
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
